import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureJson } from "../helpers/fixtures.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { deepSchemaText, doublingSchema, filePart, imagePart, withParts } from "../helpers/hostile-bodies.js";
import { sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { providerConfig } from "../helpers/provider-calls.js";

// Client input that used to end in a 500 (or take the isolate down) on native-vendor deployments: each
// is now a 400 naming what is wrong, and the gateway keeps serving.
let up: MockUpstream;
let gw: TestGateway;

beforeAll(async () => {
  up = await startMockUpstream((req, res) => {
    if (req.path.startsWith("/v1/messages")) return sendJson(res, 200, fixtureJson("anthropic/text.response.json"));
    if (req.path.startsWith("/api/chat")) return sendJson(res, 200, fixtureJson("ollama/text.response.json"));
    return sendJson(res, 200, fixtureJson("gemini/text.response.json"));
  });
  gw = await startGateway({
    config: providerConfig(`
  - model_name: claude
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_key: k, api_base: ${up.url} }
  - model_name: llama
    litellm_params: { model: ollama/llama3.2, api_base: ${up.url} }
  - model_name: gemini
    litellm_params: { model: gemini/gemini-2.0-flash, api_key: k, api_base: ${up.url} }`),
  });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

async function answer(body: unknown): Promise<{ status: number; error: { message: string; code: string | null } }> {
  const res = await gw.call("/v1/chat/completions", { body });
  const json = (await res.json()) as { error: { message: string; code: string | null } };
  return { status: res.status, error: json.error };
}

const MODELS = ["claude", "llama", "gemini"] as const;

describe("hostile chat bodies are client errors", () => {
  it("a tool schema whose $refs double per level is a 400 on Gemini, and the gateway keeps answering", async () => {
    const tool = { type: "function", function: { name: "t", parameters: doublingSchema(41) } };
    const r = await answer({ model: "gemini", messages: [{ role: "user", content: "x" }], tools: [tool] });
    expect(r.status).toBe(400);
    expect(r.error.code).toBe("schema_too_complex");
    expect(r.error.message).toContain("tools[0].function.parameters");
    expect((await gw.call("/health/liveliness")).status).toBe(200);
  });

  it("a Gemini $ref with bad percent-encoding is sent as a bare object", async () => {
    const schema = { type: "object", properties: { x: { $ref: "#/$defs/%" } }, $defs: {} };
    const tool = { type: "function", function: { name: "t", parameters: schema } };
    const res = await gw.call("/v1/chat/completions", {
      body: { model: "gemini", messages: [{ role: "user", content: "x" }], tools: [tool] },
    });
    expect(res.status).toBe(200);
  });

  it("a response_format schema nested 10,000 deep is a 400 naming the field, on every vendor", async () => {
    for (const model of MODELS) {
      const head = JSON.stringify({ model, messages: [{ role: "user", content: "x" }] }).slice(0, -1);
      const r = await answer(
        `${head},"response_format":{"type":"json_schema","json_schema":{"name":"deep","schema":${deepSchemaText(10_000)}}}}`,
      );
      expect(r.status, model).toBe(400);
      expect(r.error.message).toContain("response_format.json_schema.schema");
      expect(r.error.message).toContain("deeper than 64 levels");
    }
  });

  it("data: URLs with bad percent-encoding are 400s naming the field, for images and file_data", async () => {
    for (const model of MODELS) {
      const r = await answer(withParts(model, [imagePart("data:image/png,%E0%A4%A")]));
      expect(r.status, model).toBe(400);
      expect(r.error.message).toContain("image_url is a data: URL with bad percent-encoding");
    }
    for (const model of ["claude", "gemini"]) {
      const r = await answer(withParts(model, [filePart("data:application/pdf,%")]));
      expect(r.status, model).toBe(400);
      expect(r.error.message).toContain("file.file_data");
    }
  });

  it("data: URLs holding characters outside Latin-1 reach the vendor as their UTF-8 bytes", async () => {
    up.requests.length = 0;
    const res = await gw.call("/v1/chat/completions", {
      body: withParts("claude", [filePart("data:application/pdf,\u2713")]),
    });
    expect(res.status).toBe(200);
    const sent = JSON.stringify(up.requests[0]!.json());
    expect(sent).toContain(Buffer.from("\u2713").toString("base64"));
  });

  it("an unreachable https image_url is a 400 naming the URL on Ollama and Gemini", async () => {
    const url = "https://127.0.0.1:9/cat.png";
    for (const model of ["llama", "gemini"]) {
      const r = await answer(withParts(model, [{ type: "text", text: "what is this?" }, imagePart(url)]));
      expect(r.status, model).toBe(400);
      expect(r.error.code).toBe("invalid_image_url");
      expect(r.error.message).toContain(url);
    }
  });

  it("more than 64 tags, or a tag longer than 256 characters, is a 400", async () => {
    const base = { model: "claude", messages: [{ role: "user", content: "x" }] };
    expect((await answer({ ...base, tags: Array.from({ length: 65 }, (_, i) => `t${i}`) })).status).toBe(400);
    const r = await answer({ ...base, tags: ["x".repeat(257)] });
    expect(r.status).toBe(400);
    expect(r.error.message).toContain("tags[0]");
  });
});
