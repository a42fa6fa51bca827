import { describe, expect, it } from "vitest";
import { cacheSettingsOf } from "../../../src/cache/settings.js";
import { setupConfig } from "../../../src/gateway-setup.js";
import { ConfigError } from "../../../src/config/load.js";

const models = `model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-x }
  - model_name: embedder
    litellm_params: { model: openai/text-embedding-3-small, api_key: sk-x }
`;
const load = (litellm: string) => setupConfig(`${models}litellm_settings:\n${litellm}`, () => undefined);

function problems(litellm: string): string[] {
  try {
    load(litellm);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

describe("litellm_settings.cache and cache_params", () => {
  it("cache: true turns the cache on with defaults: every cacheable call type, team scope, 1 h ttl", () => {
    const s = cacheSettingsOf(load("  cache: true\n").runtime.raw)!;
    expect(s).toMatchObject({
      type: undefined,
      ttlMs: 3_600_000,
      namespace: "default",
      mode: "default_on",
      scope: "team",
      similarityThreshold: 0.95,
      storeTruncated: false,
      countHitsInLimits: false,
      memoryTierMs: 30_000,
    });
    expect([...s.operations].sort()).toEqual(["chat", "embeddings", "messages", "responses", "text_completion"]);
  });

  it("is off without cache: true, and says so when cache_params is set alone", () => {
    expect(cacheSettingsOf(load("  drop_params: true\n").runtime.raw)).toBeUndefined();
    const { runtime, warnings } = load("  cache_params: { type: kv }\n");
    expect(cacheSettingsOf(runtime.raw)).toBeUndefined();
    expect(warnings.join("\n")).toContain("litellm_settings.cache is not true");
  });

  it("reads LiteLLM's keys: type local is memory, call types by LiteLLM's names, mode, ttl as text", () => {
    const s = cacheSettingsOf(
      load(`  cache: true
  cache_params:
    type: local
    ttl: "600"
    namespace: prod
    mode: default_off
    supported_call_types: [acompletion, aembedding]
    max_entries: 50
    max_entry_bytes: 2048
    cache_truncated_responses: true
    count_hits_in_limits: true
    default_in_memory_ttl: "5"
`).runtime.raw,
    )!;
    expect(s).toMatchObject({
      type: "memory",
      ttlMs: 600_000,
      namespace: "prod",
      mode: "default_off",
      maxEntriesPerScope: 50,
      maxEntryBytes: 2048,
      storeTruncated: true,
      countHitsInLimits: true,
      memoryTierMs: 5_000,
    });
    expect([...s.operations].sort()).toEqual(["chat", "embeddings"]);
  });

  it("semantic: the embedding model group (LiteLLM's redis_ name accepted) and threshold", () => {
    const s = cacheSettingsOf(
      load(`  cache: true
  cache_params: { type: semantic, redis_semantic_cache_embedding_model: embedder, similarity_threshold: 0.9 }
`).runtime.raw,
    )!;
    expect(s).toMatchObject({ type: "semantic", embeddingModel: "embedder", similarityThreshold: 0.9 });
  });

  it("refuses what cannot work, naming the path", () => {
    expect(problems("  cache: true\n  cache_params: { type: redis, host: localhost }\n")[0]).toMatch(
      /^litellm_settings\.cache_params\.type: unsupported cache type "redis"/,
    );
    expect(problems("  cache: true\n  cache_params: { ttl: 0 }\n")[0]).toMatch(
      /^litellm_settings\.cache_params\.ttl: /,
    );
    expect(problems("  cache: true\n  cache_params: { supported_call_types: [chitchat] }\n")[0]).toMatch(
      /^litellm_settings\.cache_params\.supported_call_types\[0\]: unknown call type "chitchat"/,
    );
    expect(problems("  cache: true\n  cache_params: { similarity_threshold: 1.5 }\n")[0]).toMatch(
      /^litellm_settings\.cache_params\.similarity_threshold: /,
    );
    expect(problems("  cache: true\n  cache_params: { namespace: 'a b' }\n")[0]).toMatch(
      /^litellm_settings\.cache_params\.namespace: /,
    );
    expect(problems("  cache: true\n  cache_params: { default_in_memory_ttl: -1 }\n")[0]).toMatch(
      /^litellm_settings\.cache_params\.default_in_memory_ttl: /,
    );
    expect(problems("  cache: true\n  cache_params: { max_entry_bytes: 30000000 }\n")[0]).toMatch(
      /^litellm_settings\.cache_params\.max_entry_bytes: /,
    );
    expect(problems("  cache: true\n  cache_params: { type: semantic }\n")).toEqual([
      "litellm_settings.cache_params.semantic_cache_embedding_model: type: semantic needs the model group that embeds prompts",
    ]);
    expect(
      problems("  cache: true\n  cache_params: { type: semantic, semantic_cache_embedding_model: nope }\n"),
    ).toEqual([
      'litellm_settings.cache_params.semantic_cache_embedding_model: no model group "nope" in model_list (or model_group_alias)',
    ]);
  });

  it("warns once per setting that does nothing, and about a global scope", () => {
    const { warnings } = load(`  cache: true
  cache_params:
    type: kv
    password: hunter2
    scope: global
    supported_call_types: [acompletion, atranscription]
`);
    expect(warnings).toEqual([
      'config key "litellm_settings.cache_params.password" is not supported by Switchyard and is ignored',
      'litellm_settings.cache_params.supported_call_types: "atranscription" answers are not cached by Switchyard',
      "litellm_settings.cache_params.scope is global: every key and team shares cached answers (one tenant can receive an answer cached for another)",
    ]);
    expect(warnings.join("\n")).not.toContain("hunter2");
  });
});
