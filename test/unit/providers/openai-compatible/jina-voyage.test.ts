import { describe, expect, it } from "vitest";
import { EmbeddingsRequest } from "../../../../src/openai/embeddings.js";
import { providerNamed } from "../../../../src/providers/all.js";
import { VENDORS } from "../../../../src/providers/openai-compatible/vendors.js";
import { jsonBodyOf, operationContext } from "../../../helpers/operation-context.js";

describe("jina_ai and voyage rows", () => {
  it("serve rerank and embeddings, and no chat", () => {
    for (const name of ["jina_ai", "voyage"]) {
      const p = providerNamed(name)!;
      expect(p.chat).toBeUndefined();
      expect(p.rerank).toBeDefined();
      expect(p.embeddings).toBeDefined();
      expect(p.defaultEnv).toEqual({ api_key: name === "voyage" ? "VOYAGE_API_KEY" : "JINA_AI_API_KEY" });
    }
    expect(VENDORS.find((v) => v.name === "voyage")!.baseUrl).toBe("https://api.voyageai.com/v1");
  });

  it("Voyage embeddings: posted in OpenAI's shape, its total_tokens counted as prompt tokens", async () => {
    const adapter = providerNamed("voyage")!.embeddings!;
    const ctx = operationContext({
      provider: "voyage",
      model: "voyage-3.5",
      request: EmbeddingsRequest.parse({ model: "e", input: ["a", "b"], encoding_format: "base64" }),
      params: { api_key: "pa-x" },
    });
    const req = await adapter.buildRequest(ctx);
    expect(req.url).toBe("https://api.voyageai.com/v1/embeddings");
    expect(jsonBodyOf(req)).toEqual({ model: "voyage-3.5", input: ["a", "b"] }); // floats asked; the gateway encodes
    const res = await adapter.parseResponse(ctx, {
      object: "list",
      data: [
        { object: "embedding", embedding: [0.1, 0.2], index: 0 },
        { object: "embedding", embedding: [0.3, 0.4], index: 1 },
      ],
      model: "voyage-3.5",
      usage: { total_tokens: 10 },
    });
    expect(res.usage).toEqual({ prompt_tokens: 10, total_tokens: 10 });
  });
});
