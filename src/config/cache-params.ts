import { z } from "zod";

/**
 * `litellm_settings.cache_params`: LiteLLM's keys where they mean the same thing here, plus the
 * Workers-specific ones. Validated when the config loads; resolved by src/cache/settings.ts.
 */

/** Back ends Switchyard has: `kv` (Workers KV), `memory` (per isolate / library), `semantic` (kv + a vector index). */
export const CACHE_TYPES = ["kv", "memory", "semantic"] as const;
export type CacheType = (typeof CACHE_TYPES)[number];

/** Operations whose answers can be cached (the Messages and Responses formats are cached as chat). */
export const CACHE_OPERATIONS = ["chat", "text_completion", "embeddings", "messages", "responses"] as const;
export type CacheOperation = (typeof CACHE_OPERATIONS)[number];

/** LiteLLM's call-type names (and ours) → the operation they cache. */
export const CALL_TYPE_OPERATION: Readonly<Record<string, CacheOperation>> = {
  completion: "chat",
  acompletion: "chat",
  chat: "chat",
  text_completion: "text_completion",
  atext_completion: "text_completion",
  embedding: "embeddings",
  aembedding: "embeddings",
  embeddings: "embeddings",
  anthropic_messages: "messages",
  messages: "messages",
  responses: "responses",
  aresponses: "responses",
};

/** LiteLLM call types whose answers are never cached here (listed in LiteLLM's default, so accepted with a warning). */
export const UNCACHED_CALL_TYPES = new Set([
  "transcription",
  "atranscription",
  "speech",
  "aspeech",
  "image_generation",
  "aimage_generation",
  "moderation",
  "amoderation",
  "rerank",
  "arerank",
]);

/** KV allows 25 MiB per value; an entry's envelope needs a little of it. */
export const KV_VALUE_LIMIT_BYTES = 25 * 1024 * 1024;

const NUMBER_TEXT = z
  .string()
  .regex(/^\d+(\.\d+)?$/)
  .transform(Number);

/** A cache namespace: part of a storage key, so short and plain. */
export const CacheNamespace = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, "expected 1-64 characters of A-Z, a-z, 0-9, _ . -");

export const CacheParams = z.looseObject({
  type: z
    .preprocess(
      (v) => (v === "local" ? "memory" : v),
      z.enum(CACHE_TYPES, {
        error: (i) =>
          `unsupported cache type ${JSON.stringify(i.input)}: expected kv, memory ("local") or semantic (LiteLLM's redis, s3, disk and qdrant back ends are not available)`,
      }),
    )
    .optional(),
  /** Seconds an entry lives (default 3600). */
  ttl: z.union([z.number(), NUMBER_TEXT]).pipe(z.number().positive()).optional(),
  namespace: CacheNamespace.optional(),
  supported_call_types: z
    .array(
      z.string().refine((s) => s in CALL_TYPE_OPERATION || UNCACHED_CALL_TYPES.has(s), {
        error: (i) =>
          `unknown call type ${JSON.stringify(i.input)}: expected one of ${Object.keys(CALL_TYPE_OPERATION).join(", ")}`,
      }),
    )
    .optional(),
  /** default_on: every cacheable request; default_off: only requests that send `cache: {"use-cache": true}`. */
  mode: z.enum(["default_on", "default_off"]).optional(),
  /** Who shares entries: `team` (default: each team, or each key without a team), `key`, or `global`. */
  scope: z.enum(["team", "key", "global"]).optional(),
  similarity_threshold: z.number().min(0).max(1).optional(),
  /** The model group that embeds prompts for `type: semantic` (LiteLLM's redis_/qdrant_ names are accepted). */
  semantic_cache_embedding_model: z.string().min(1).optional(),
  redis_semantic_cache_embedding_model: z.string().min(1).optional(),
  qdrant_semantic_cache_embedding_model: z.string().min(1).optional(),
  /** At most this many entries per scope in the memory store and the semantic index (oldest go first). */
  max_entries: z.number().int().positive().optional(),
  /** Answers larger than this (serialized) are not stored. At most KV's 25 MiB. */
  max_entry_bytes: z.number().int().positive().max(KV_VALUE_LIMIT_BYTES).optional(),
  /** Store answers that stopped at max tokens (finish_reason "length"); default false. */
  cache_truncated_responses: z.boolean().optional(),
  /** Count hits against budgets and tpm limits (at the cost and tokens they replay); default false. */
  count_hits_in_limits: z.boolean().optional(),
  /** Seconds an isolate keeps an entry it read from or wrote to KV in memory (LiteLLM's name; default 30, 0 = off). */
  default_in_memory_ttl: z.union([z.number(), NUMBER_TEXT]).pipe(z.number().min(0).max(300)).optional(),
});
export type CacheParams = z.infer<typeof CacheParams>;

/** The embedding model group named under any of its accepted keys. */
export function embeddingModelOf(p: CacheParams): string | undefined {
  return (
    p.semantic_cache_embedding_model ??
    p.redis_semantic_cache_embedding_model ??
    p.qdrant_semantic_cache_embedding_model
  );
}

interface ConfigView {
  model_list: ReadonlyArray<{ model_name: string }>;
  litellm_settings: { cache?: boolean; cache_params?: CacheParams };
  router_settings: { model_group_alias?: Record<string, unknown> };
}

/** Cross-field rules: `type: semantic` needs an embedding model group, and that group must exist. */
export function cacheConfigIssues(cfg: ConfigView): Array<{ path: Array<string>; message: string }> {
  const p = cfg.litellm_settings.cache_params;
  if (!p || !cfg.litellm_settings.cache) return [];
  const model = embeddingModelOf(p);
  const path = ["litellm_settings", "cache_params", "semantic_cache_embedding_model"];
  if (p.type === "semantic" && !model)
    return [{ path, message: "type: semantic needs the model group that embeds prompts" }];
  if (model && !modelGroupExists(cfg, model))
    return [{ path, message: `no model group "${model}" in model_list (or model_group_alias)` }];
  return [];
}

function modelGroupExists(cfg: ConfigView, name: string): boolean {
  if (cfg.router_settings.model_group_alias && name in cfg.router_settings.model_group_alias) return true;
  return cfg.model_list.some((e) =>
    e.model_name.includes("*")
      ? new RegExp(`^${e.model_name.split("*").map(escapeRegExp).join(".*")}$`).test(name)
      : e.model_name === name,
  );
}

const escapeRegExp = (s: string) => s.replace(/[.+?^${}()|[\]\\/]/g, "\\$&");

const KNOWN_PARAMS = new Set(Object.keys(CacheParams.shape));

/**
 * One warning per cache setting that does nothing: keys Switchyard does not read (LiteLLM's redis
 * host and password, ...), cache_params without `cache: true`, call types that are never cached,
 * and the cross-tenant `scope: global`.
 */
export function cacheParamsWarnings(litellmSettings: unknown): string[] {
  if (!litellmSettings || typeof litellmSettings !== "object") return [];
  const s = litellmSettings as { cache?: unknown; cache_params?: unknown };
  const p = s.cache_params;
  if (!p || typeof p !== "object") return [];
  const out: string[] = [];
  if (s.cache !== true)
    out.push("litellm_settings.cache_params is set but litellm_settings.cache is not true: the response cache is off");
  const params = p as Record<string, unknown>;
  for (const k of Object.keys(params))
    if (!KNOWN_PARAMS.has(k))
      out.push(`config key "litellm_settings.cache_params.${k}" is not supported by Switchyard and is ignored`);
  if (Array.isArray(params.supported_call_types))
    for (const t of params.supported_call_types)
      if (typeof t === "string" && UNCACHED_CALL_TYPES.has(t))
        out.push(`litellm_settings.cache_params.supported_call_types: "${t}" answers are not cached by Switchyard`);
  if (params.scope === "global")
    out.push(
      "litellm_settings.cache_params.scope is global: every key and team shares cached answers (one tenant can receive an answer cached for another)",
    );
  return out;
}
