import { describe, expect, it } from "vitest";
import { cacheLibraryGateway, completionJson, type UpstreamCall } from "../../../helpers/cache-library.js";

const MODELS = [
  { model_name: "gpt-4o", litellm_params: { model: "openai/gpt-4o", api_key: "sk-up", api_base: "http://up/v1" } },
  {
    model_name: "embed",
    litellm_params: {
      model: "openai/text-embedding-3-small",
      api_key: "sk-up",
      api_base: "http://up/v1",
      input_cost_per_token: 0.0001,
    },
    model_info: { mode: "embedding" },
  },
];

/** Vectors the fake upstream gives each text: the first two are ~0.99 similar, the third is unrelated. */
const VECTORS: Record<string, number[]> = {
  "user: What is the capital of France?": [1, 0, 0],
  "user: what's the capital of france": [0.99, 0.14, 0],
  "user: How tall is Mount Everest?": [0, 1, 0],
};
const vectorOf = (text: string) => VECTORS[text] ?? [0, 0, 1];

/** Embeddings for any input list; chat answers "answer N". */
function upstream(call: UpstreamCall, n: number): Response {
  if (call.path.endsWith("/embeddings")) {
    const input = call.body.input;
    const items = Array.isArray(input) ? (input as string[]) : [input as string];
    return Response.json({
      object: "list",
      model: "text-embedding-3-small",
      data: items.map((t, index) => ({ object: "embedding", index, embedding: vectorOf(t) })),
      usage: { prompt_tokens: items.length * 4, total_tokens: items.length * 4 },
    });
  }
  return completionJson(`answer ${n}`);
}

describe("embeddings through the cache, per input", () => {
  it("sends only the inputs not seen before, answers in the request's order, and serves a batch of seen inputs whole", async () => {
    const gw = cacheLibraryGateway({ models: MODELS });
    gw.reply(upstream);
    const embed = async (input: string[]) => {
      const res = await gw.post("/v1/embeddings", { model: "embed", input });
      await gw.settle();
      return { res, body: (await res.json()) as { data: Array<{ index: number }>; usage: unknown } };
    };
    await embed(["apple", "banana"]);
    const partly = await embed(["banana", "cherry"]);
    expect(gw.calls.at(-1)!.body.input).toEqual(["cherry"]);
    expect(partly.res.headers.get("x-switchyard-cache")).toBe("MISS");
    expect(partly.res.headers.get("x-switchyard-cache-inputs")).toBe("1/2");
    expect(partly.body.data.map((d: { index: number }) => d.index)).toEqual([0, 1]);
    expect(partly.body.usage).toEqual({ prompt_tokens: 8, total_tokens: 8 });

    const whole = await embed(["cherry", "apple"]);
    expect(gw.calls).toHaveLength(2);
    expect(whole.res.headers.get("x-switchyard-cache")).toBe("HIT");
    expect(whole.body.data).toHaveLength(2);
    const [first, second, third] = gw.spend();
    expect(first).toMatchObject({ cache_hit: false, saved_cost_micros: 0 });
    expect(second).toMatchObject({ cache_hit: false, prompt_tokens: 4 });
    expect(second!.saved_cost_micros).toBeGreaterThan(0);
    expect(third).toMatchObject({ cache_hit: true, cost_micros: 0, model_group: "embed" });
  });
});

describe("semantic cache", () => {
  const semantic = (threshold = 0.95) =>
    cacheLibraryGateway({
      models: MODELS,
      cacheParams: { type: "semantic", similarity_threshold: threshold, semantic_cache_embedding_model: "embed" },
    });
  const chat = async (gw: ReturnType<typeof semantic>, content: string) => {
    const res = await gw.post("/v1/chat/completions", { model: "gpt-4o", messages: [{ role: "user", content }] });
    const body = (await res.json()) as { choices: Array<{ message: { content: string } }> };
    await gw.settle();
    return {
      cache: res.headers.get("x-switchyard-cache"),
      similarity: res.headers.get("x-switchyard-cache-similarity"),
      content: body.choices[0]?.message.content,
    };
  };

  it("serves a close prompt above the threshold, with its similarity; an unrelated one goes upstream", async () => {
    const gw = semantic();
    gw.reply(upstream);
    await chat(gw, "What is the capital of France?");
    const close = await chat(gw, "what's the capital of france");
    expect(close).toMatchObject({ cache: "HIT", content: "answer 2" });
    expect(Number(close.similarity)).toBeGreaterThan(0.98);
    expect(await chat(gw, "How tall is Mount Everest?")).toMatchObject({ cache: "MISS", similarity: null });
    // the prompt's embedding is a request of its own, logged (and charged) like any
    const embeddings = gw.spend().filter((r) => r.operation === "embeddings");
    expect(embeddings).toHaveLength(3);
    expect(gw.calls.filter((c) => c.path.endsWith("/embeddings")).map((c) => c.body.model)).toEqual([
      "text-embedding-3-small",
      "text-embedding-3-small",
      "text-embedding-3-small",
    ]);
  });

  it("misses below the threshold", async () => {
    const gw = semantic(0.999);
    gw.reply(upstream);
    await chat(gw, "What is the capital of France?");
    expect(await chat(gw, "what's the capital of france")).toMatchObject({ cache: "MISS", content: "answer 4" });
  });

  it("falls back to the exact cache when the embedding fails", async () => {
    const gw = semantic();
    gw.reply((call, n) =>
      call.path.endsWith("/embeddings")
        ? Response.json({ error: { message: "embedding model down" } }, { status: 400 })
        : completionJson(`answer ${n}`),
    );
    expect(await chat(gw, "What is the capital of France?")).toMatchObject({ cache: "MISS", content: "answer 2" });
    expect(await chat(gw, "What is the capital of France?")).toMatchObject({ cache: "HIT", content: "answer 2" });
  });
});
