import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BadRequestError, embedding, imageGeneration } from "../../../src/index.js";
import { sendJson, startMockUpstream, type MockUpstream } from "../../helpers/mock-upstream.js";

// Library calls of the non-chat operations in plain Node, against a loopback OpenAI-style host.
let up: MockUpstream;
beforeAll(async () => {
  up = await startMockUpstream();
});
afterAll(async () => {
  await up?.close();
});

describe("embedding()", () => {
  it("returns OpenAI's embeddings shape, floats by default", async () => {
    up.handle((_req, res) =>
      sendJson(res, 200, {
        object: "list",
        data: [{ object: "embedding", index: 0, embedding: [0.5, -0.25] }],
        model: "text-embedding-3-small",
        usage: { prompt_tokens: 2, total_tokens: 2 },
      }),
    );
    const r = await embedding({
      model: "openai/text-embedding-3-small",
      api_key: "sk-lib",
      api_base: `${up.url}/v1`,
      input: "hi",
    });
    expect(r.data[0]!.embedding).toEqual([0.5, -0.25]);
    expect(r.usage.prompt_tokens).toBe(2);
    expect(up.requests.at(-1)!.path).toBe("/v1/embeddings");
  });

  it("refuses bad input with the gateway's error class", async () => {
    await expect(embedding({ model: "openai/text-embedding-3-small", api_key: "k", input: "" })).rejects.toBeInstanceOf(
      BadRequestError,
    );
  });
});

describe("imageGeneration()", () => {
  it("returns OpenAI's images shape", async () => {
    up.handle((_req, res) => sendJson(res, 200, { created: 1, data: [{ b64_json: "aGk=" }] }));
    const r = await imageGeneration({
      model: "openai/gpt-image-1",
      api_key: "sk-lib",
      api_base: `${up.url}/v1`,
      prompt: "a lighthouse",
    });
    expect(r.data[0]!.b64_json).toBe("aGk=");
    expect(up.requests.at(-1)!.path).toBe("/v1/images/generations");
  });
});
