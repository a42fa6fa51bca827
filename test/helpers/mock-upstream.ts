import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body's bytes as received (uploads are binary). */
  raw: Buffer;
  json(): unknown;
}

export type MockHandler = (req: RecordedRequest, res: http.ServerResponse) => void | Promise<void>;

export interface MockUpstream {
  url: string;
  requests: RecordedRequest[];
  /** Replace the handler (per test). */
  handle(h: MockHandler): void;
  /** Open sockets right now (to see that an aborted upstream was closed). */
  openConnections(): number;
  close(): Promise<void>;
}

/** A loopback HTTP server that records every request and answers with the current handler. */
export async function startMockUpstream(initial?: MockHandler): Promise<MockUpstream> {
  let handler: MockHandler =
    initial ??
    ((_r, res) => {
      res.writeHead(500).end("no handler");
    });
  const requests: RecordedRequest[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (d: Buffer) => parts.push(d));
    req.on("end", () => {
      const raw = Buffer.concat(parts);
      const body = raw.toString("utf8");
      const rec: RecordedRequest = {
        method: req.method ?? "GET",
        path: req.url ?? "/",
        headers: req.headers,
        body,
        raw,
        json: () => JSON.parse(body),
      };
      requests.push(rec);
      Promise.resolve(handler(rec, res)).catch((e) => {
        if (!res.headersSent) res.writeHead(500);
        res.end(String(e));
      });
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle(h) {
      handler = h;
    },
    openConnections: () => sockets.size,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Write a JSON response. */
export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** Write SSE frames (`data: ...\n\n` for objects/strings), then end. */
export function sendSse(res: http.ServerResponse, frames: Array<unknown>, headers: Record<string, string> = {}): void {
  res.writeHead(200, { "content-type": "text/event-stream", ...headers });
  for (const f of frames) res.write(typeof f === "string" ? f : `data: ${JSON.stringify(f)}\n\n`);
  res.end();
}
