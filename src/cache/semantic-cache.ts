import { partitionHash } from "./cache-key.js";
import type { CachePlan } from "./cache-plan.js";
import { KEY_OPERATION } from "./key-fields.js";
import type { CacheHit, ResponseCache } from "./response-cache.js";
import type { SemanticIndex } from "./semantic-index.js";
import type { CacheOperation, CacheSettings } from "./settings.js";

/** Candidates tried per lookup: a match whose answer has expired or was flushed gives way to the next. */
const SEMANTIC_TOP_K = 3;

function textOf(content: unknown): string | undefined {
  if (typeof content === "string") return content;
  if (content == null) return "";
  if (!Array.isArray(content)) return undefined;
  const parts: string[] = [];
  for (const p of content) {
    if (!p || typeof p !== "object" || (p as { type?: unknown }).type !== "text") return undefined;
    parts.push(String((p as { text?: unknown }).text ?? ""));
  }
  return parts.join("\n");
}

/**
 * The text the semantic cache embeds: a chat or Messages conversation as "role: text" lines (tool
 * calls as their name and arguments), a text completion's prompt, a Responses request's text input. Undefined when the prompt is not all
 * text (images, audio, files, token arrays): such requests use the exact cache only.
 */
export function promptText(operation: CacheOperation, body: Readonly<Record<string, unknown>>): string | undefined {
  const op = KEY_OPERATION[operation];
  if (op === "text_completion") {
    const p = body.prompt;
    if (typeof p === "string") return p;
    if (Array.isArray(p) && p.every((x) => typeof x === "string")) return p.join("\n");
    return undefined;
  }
  if (op === "responses") return typeof body.input === "string" ? `user: ${body.input}` : undefined;
  if ((op !== "chat" && op !== "messages") || !Array.isArray(body.messages)) return undefined;
  const lines: string[] = [];
  for (const m of body.messages as Array<Record<string, unknown>>) {
    const text = textOf(m.content);
    if (text === undefined) return undefined;
    lines.push(`${String(m.role)}: ${text}`);
    for (const tc of (m.tool_calls as Array<{ function?: { name?: string; arguments?: string } }> | undefined) ?? [])
      lines.push(`${String(m.role)} calls ${tc.function?.name ?? ""}(${tc.function?.arguments ?? ""})`);
  }
  return lines.join("\n");
}

export interface SemanticHit extends CacheHit {
  /** The exact-cache key of the entry that answered. */
  key: string;
  similarity: number;
}

export interface SemanticLookup {
  hit?: SemanticHit;
  /** The prompt's embedding and partition, for remembering the fresh answer after a miss. */
  vector?: number[];
  paramsHash: string;
  /** Matches whose answers are gone: hand them to `index.forget` after the response. */
  stale: Array<{ namespace: string; key: string }>;
}

/**
 * A semantic lookup, after an exact miss: embed the prompt (through `embed`, which the gateway
 * routes to the configured embedding model group, budgeted and logged like any request), find the
 * closest stored prompts of the same partition at or above the threshold, and return the first
 * whose answer is still in the response cache (fresh, and young enough for the request's s-maxage).
 */
export async function semanticLookup(opts: {
  index: SemanticIndex;
  cache: ResponseCache;
  embed: (text: string) => Promise<number[]>;
  settings: Pick<CacheSettings, "similarityThreshold">;
  plan: CachePlan;
  scope: string;
  modelGroup: string;
  operation: CacheOperation;
  body: Readonly<Record<string, unknown>>;
}): Promise<SemanticLookup> {
  const paramsHash = await partitionHash({ ...opts, namespace: opts.plan.namespace });
  const stale: SemanticLookup["stale"] = [];
  const text = promptText(opts.operation, opts.body);
  if (text === undefined) return { paramsHash, stale };
  const vector = await opts.embed(text);
  if (!opts.plan.lookup) return { vector, paramsHash, stale };
  const matches = await opts.index.query({
    scope: opts.scope,
    modelGroup: opts.modelGroup,
    paramsHash,
    vector,
    threshold: opts.settings.similarityThreshold,
    topK: SEMANTIC_TOP_K,
  });
  for (const m of matches) {
    const at = { namespace: m.namespace, key: m.key };
    const hit = await opts.cache.get(at, { maxAgeMs: opts.plan.maxAgeMs });
    if (hit) return { hit: { ...hit, key: m.key, similarity: m.score }, vector, paramsHash, stale };
    // Under an s-maxage the answer may only be too old for this request, not gone.
    if (opts.plan.maxAgeMs === undefined) stale.push(at);
  }
  return { vector, paramsHash, stale };
}

/** After a fresh answer was stored under `key`: make it findable by prompts close to this one. */
export function semanticRemember(opts: {
  index: SemanticIndex;
  lookup: SemanticLookup;
  settings: Pick<CacheSettings, "maxEntriesPerScope">;
  scope: string;
  modelGroup: string;
  namespace: string;
  key: string;
  now: number;
}): Promise<void> {
  if (!opts.lookup.vector) return Promise.resolve();
  return opts.index.upsert(
    {
      scope: opts.scope,
      modelGroup: opts.modelGroup,
      paramsHash: opts.lookup.paramsHash,
      namespace: opts.namespace,
      key: opts.key,
      vector: opts.lookup.vector,
      createdAt: opts.now,
    },
    { maxEntriesPerScope: opts.settings.maxEntriesPerScope },
  );
}
