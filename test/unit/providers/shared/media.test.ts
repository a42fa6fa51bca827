import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../../src/errors/gateway-error.js";
import { loadMedia, normalizeBase64, parseDataUrl } from "../../../../src/providers/shared/media.js";

async function rejection(p: Promise<unknown> | (() => unknown)): Promise<GatewayError> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    if (e instanceof GatewayError) return e;
    throw e;
  }
  throw new Error("expected a GatewayError");
}

const decoded = (b64: string) => new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));

describe("data: URLs from clients", () => {
  it("refuses bad percent-encoding with a 400 naming the field", async () => {
    const e = await rejection(() => parseDataUrl("data:text/plain,50%", "file.file_data"));
    expect(e.status).toBe(400);
    expect(e.code).toBe("invalid_data_url");
    expect(e.message).toContain("file.file_data");
    expect((await rejection(() => parseDataUrl("data:image/png,%zz"))).message).toContain("image_url");
  });

  it("takes characters outside Latin-1 as UTF-8 bytes", () => {
    const media = parseDataUrl("data:text/plain,caf%C3%A9 \u2713 \u{1F600}");
    expect(media?.mimeType).toBe("text/plain");
    expect(decoded(media!.base64)).toBe("café \u2713 \u{1F600}");
  });

  it("refuses a base64 payload that is not base64, and a media type that is not type/subtype", async () => {
    expect((await rejection(() => parseDataUrl("data:image/png;base64,ab$c"))).code).toBe("invalid_base64");
    expect((await rejection(() => parseDataUrl("data:image/png;base64,abcde"))).code).toBe("invalid_base64");
    expect((await rejection(() => parseDataUrl('data:image"png;base64,AAAA'))).code).toBe("invalid_data_url");
  });

  it("normalises whitespace, the URL-safe alphabet and missing padding", () => {
    expect(parseDataUrl("data:image/png;base64,AA\n-_")?.base64).toBe("AA+/");
    expect(normalizeBase64("YWI", "x")).toBe("YWI=");
    expect(parseDataUrl("https://example.com/a.png")).toBeUndefined();
  });
});

describe("remote image URLs", () => {
  const unreachable: typeof fetch = async () => {
    throw new TypeError("Network connection lost.");
  };

  it("answers an unreachable host with a 400 naming the URL", async () => {
    const e = await rejection(loadMedia("https://unreachable.example/cat.png", { fetch: unreachable }));
    expect(e.status).toBe(400);
    expect(e.code).toBe("invalid_image_url");
    expect(e.message).toContain("https://unreachable.example/cat.png");
    expect(e.message).toContain("Network connection lost.");
  });

  it("names the URL when it answers with an error status or a broken redirect", async () => {
    const notFound: typeof fetch = async () => new Response("no", { status: 404 });
    expect((await rejection(loadMedia("https://h.example/x.png", { fetch: notFound }))).message).toContain(
      "https://h.example/x.png: HTTP 404",
    );
    const badLocation: typeof fetch = async () =>
      new Response(null, { status: 302, headers: { location: "http://[" } });
    expect((await rejection(loadMedia("https://h.example/y.png", { fetch: badLocation }))).status).toBe(400);
  });

  it("keeps the client's own abort as it is", async () => {
    const ctl = new AbortController();
    ctl.abort(new Error("client went away"));
    const aborted: typeof fetch = async () => {
      throw ctl.signal.reason;
    };
    await expect(loadMedia("https://h.example/z.png", { fetch: aborted, signal: ctl.signal })).rejects.toThrow(
      "client went away",
    );
  });
});
