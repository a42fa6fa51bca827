import net from "node:net";

export interface RawAnswer {
  /** The status line's code, or undefined when the connection closed without an answer. */
  status: number | undefined;
  body: string;
}

/**
 * Send `text` as raw bytes on a fresh connection to `baseUrl` (framing errors no HTTP client will
 * produce), then half-close unless `close` is "destroy", and read what comes back until the server closes.
 */
export function rawRequest(baseUrl: string, text: string, close: "half" | "destroy" = "half"): Promise<RawAnswer> {
  const u = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    let out = "";
    const s = net.connect(Number(u.port), u.hostname, () => {
      s.write(text, () => (close === "half" ? s.end() : s.destroy()));
    });
    s.on("data", (d: Buffer) => {
      out += d.toString("utf8");
    });
    s.on("error", reject);
    s.on("close", () => {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(out);
      resolve({ status: m ? Number(m[1]) : undefined, body: out.slice(out.indexOf("\r\n\r\n") + 4) });
    });
  });
}
