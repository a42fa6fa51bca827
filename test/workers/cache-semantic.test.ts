import { afterAll, beforeAll, describe, expect, it } from "vitest";
import OpenAI from "openai";
import type { SemanticCacheObject } from "../../durable-objects/semantic-cache.js";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { countingUpstream } from "../helpers/cache-workerd.js";
import { admin, eventually, newKey } from "../helpers/keys.js";

// The semantic cache in workerd: prompts embedded through the "embed" model group (a request of
// its own), the index in a Durable Object per team, answers in KV.
let up: MockUpstream;
let gw: TestGateway;
let index: DurableObjectNamespace<SemanticCacheObject>;
const upstream = countingUpstream();

beforeAll(async () => {
  up = await startMockUpstream(upstream.handler);
  gw = await startGateway({
    config: configWith(
      `
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-upstream-secret, api_base: ${up.url}/v1 }
  - model_name: embed
    litellm_params: { model: openai/text-embedding-3-small, api_key: sk-upstream-secret, api_base: ${up.url}/v1 }`,
      "litellm_settings:\n  cache: true\n  cache_params:\n    type: semantic\n    similarity_threshold: 0.95\n    semantic_cache_embedding_model: embed\n",
    ),
  });
  index = (await gw.mf.getDurableObjectNamespace(
    "SEMANTIC_CACHE",
  )) as unknown as DurableObjectNamespace<SemanticCacheObject>;
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

async function ask(key: string, content: string) {
  const { data, response } = await new OpenAI({ apiKey: key, baseURL: `${gw.url}/v1`, maxRetries: 0 }).chat.completions
    .create({ model: "gpt-4o", messages: [{ role: "user", content }] })
    .withResponse();
  return {
    content: data.choices[0]!.message.content,
    cache: response.headers.get("x-switchyard-cache"),
    similarity: response.headers.get("x-switchyard-cache-similarity"),
  };
}

/** Wait until the team's index holds `n` prompts (it is written after the response). */
const indexed = (teamId: string, n: number) =>
  eventually(async () => {
    const count = await index.get(index.idFromName(`team:${teamId}`)).count();
    return count >= n ? count : undefined;
  }, `${n} prompts indexed for team ${teamId}`);

describe("semantic cache", () => {
  it("serves a close prompt above the threshold within the team, never across teams; a distant one misses", async () => {
    const teamA = await admin(gw, "/team/new", { team_alias: "semantic A" });
    const teamB = await admin(gw, "/team/new", { team_alias: "semantic B" });
    const a = await newKey(gw, { team_id: teamA.team_id, models: ["gpt-4o"] });
    const b = await newKey(gw, { team_id: teamB.team_id });
    const first = await ask(a.key, "What is the capital of France?");
    expect(first.cache).toBe("MISS");
    await indexed(teamA.team_id, 1);

    const close = await ask(a.key, "what's the capital of france");
    expect(close).toMatchObject({ cache: "HIT", content: first.content });
    expect(Number(close.similarity)).toBeGreaterThanOrEqual(0.95);

    const otherTeam = await ask(b.key, "what's the capital of france");
    expect(otherTeam).toMatchObject({ cache: "MISS", similarity: null });
    expect(otherTeam.content).not.toBe(first.content);

    const distant = await ask(a.key, "How tall is Mount Everest?");
    expect(distant.cache).toBe("MISS");
    expect(distant.content).not.toBe(first.content);

    // each prompt's embedding went through the embed group, for a key limited to gpt-4o too
    const embedded = up.requests.filter((r) => r.path.endsWith("/embeddings")).map((r) => r.json());
    expect(embedded).toContainEqual(expect.objectContaining({ model: "text-embedding-3-small" }));
    expect(embedded.length).toBeGreaterThanOrEqual(3);
  });
});
