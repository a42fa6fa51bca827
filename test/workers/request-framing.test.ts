import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MASTER_KEY, configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { rawRequest } from "../helpers/raw-http.js";

// HTTP framing no ordinary client produces: a body shorter than its Content-Length, bad chunk sizes, a
// chunk extension. The body cannot be read, so it is the client's 400 (or nothing, when it has gone),
// never a 500, on the chat path and the management API alike.
let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway({
    config: configWith(`
  - model_name: m
    litellm_params: { model: openai/x, api_key: k, api_base: http://127.0.0.1:9/v1 }`),
  });
});
afterAll(async () => {
  await gw?.stop();
});

/** The request line and common headers; `rest` adds the framing headers, the blank line and the body. */
const request = (path: string, rest: string) =>
  `POST ${path} HTTP/1.1\r\nhost: gw\r\nauthorization: Bearer ${MASTER_KEY}\r\ncontent-type: application/json\r\n${rest}`;

const CASES: Array<[string, string]> = [
  ["a body shorter than its Content-Length", `content-length: 1000\r\n\r\n{"model":"m"`],
  ["an invalid chunk size", "transfer-encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"],
  ["an overflowing chunk size", "transfer-encoding: chunked\r\n\r\nffffffffffffffffffffffff\r\nabc\r\n0\r\n\r\n"],
  ["a chunk extension", "transfer-encoding: chunked\r\n\r\n2;ext=1\r\n{}\r\n0\r\n\r\n"],
];

describe("unreadable request bodies", () => {
  for (const path of ["/v1/chat/completions", "/key/generate"]) {
    for (const [what, framing] of CASES) {
      it(`${path}: ${what} is a 400 naming the framing`, async () => {
        const r = await rawRequest(gw.url, request(path, framing));
        expect(r.status).toBe(400);
        expect(JSON.parse(r.body).error).toMatchObject({ code: "invalid_body", type: "invalid_request_error" });
      });
    }
  }

  it("a client that sends half a body and leaves gets nothing, and nothing is logged as a gateway fault", async () => {
    const before = gw.output().length;
    const r = await rawRequest(gw.url, request("/v1/chat/completions", 'content-length: 500\r\n\r\n{"mo'), "destroy");
    expect(r.status).toBeUndefined();
    expect((await gw.call("/health/liveliness")).status).toBe(200);
    expect(gw.output().slice(before)).not.toContain("unhandled error");
  });
});
