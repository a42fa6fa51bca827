import { createHandler } from "../../src/app.js";
import type { CacheAddress, CacheHit } from "../../src/cache/response-cache.js";
import { MemoryResponseCache } from "../../src/cache/memory-response-cache.js";
import { libraryDeps, libraryRouter } from "../../src/library/gateway.js";
import type { MemorySpendSink } from "../../src/state/memory/spend-sink.js";
import type { SpendRecord } from "../../src/state/spend-record.js";

export const LIBRARY_MASTER = "sk-cache-library-master";

/** One call that reached the fake upstream. */
export interface UpstreamCall {
  path: string;
  body: Record<string, unknown>;
}

/** What the fake upstream answers (JSON bodies, SSE text, statuses), per call. */
export type UpstreamReply = (call: UpstreamCall, n: number) => Response | Promise<Response>;

/** The memory store, counting lookups (to know when concurrent requests have all looked up). */
class CountingCache extends MemoryResponseCache {
  lookups = 0;
  private waiters: Array<{ n: number; done: () => void }> = [];

  override async get(at: CacheAddress, opts?: { maxAgeMs?: number }): Promise<CacheHit | undefined> {
    const hit = await super.get(at, opts);
    this.lookups++;
    for (const w of this.waiters.filter((x) => this.lookups >= x.n)) w.done();
    this.waiters = this.waiters.filter((x) => this.lookups < x.n);
    return hit;
  }

  until(n: number): Promise<void> {
    return this.lookups >= n ? Promise.resolve() : new Promise((done) => this.waiters.push({ n, done }));
  }
}

export interface CacheLibraryGateway {
  /** Calls that reached the upstream, in order. */
  calls: UpstreamCall[];
  /** Replace what the upstream answers. */
  reply(r: UpstreamReply): void;
  /** POST a JSON body with the master key; `headers` add to it. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Wait for the work deferred so far (cache stores, spend records). */
  settle(): Promise<void>;
  spend(): SpendRecord[];
  /** Resolves once the cache store has answered `n` lookups in all. */
  lookups(n: number): Promise<void>;
  clock: { now(): number; advance(ms: number): void };
}

/**
 * The whole gateway in library mode (memory cache store, in-memory spend) on an injected clock,
 * with a fake OpenAI-compatible upstream that counts its calls. `cacheParams` go under
 * litellm_settings.cache_params (the cache is on).
 */
export function cacheLibraryGateway(opts: {
  cacheParams?: Record<string, unknown>;
  models?: Array<Record<string, unknown>>;
}): CacheLibraryGateway {
  let t = Date.parse("2031-05-06T10:00:00Z");
  const calls: UpstreamCall[] = [];
  let reply: UpstreamReply = () => new Response("no reply set", { status: 500 });
  const models = opts.models ?? [
    { model_name: "gpt-4o", litellm_params: { model: "openai/gpt-4o", api_key: "sk-up", api_base: "http://up/v1" } },
  ];
  const store = new CountingCache({ now: () => t, maxEntriesPerScope: 1000 });
  const { deps, pending } = libraryDeps({
    state: { cache: store },
    config: {
      model_list: models,
      litellm_settings: { cache: true, cache_params: opts.cacheParams ?? {} },
      general_settings: { master_key: LIBRARY_MASTER },
    },
    env: {},
    now: () => t,
    log: { info: () => {}, warn: () => {}, error: () => {} },
    fetch: async (input, init) => {
      const call = {
        path: new URL(String(input instanceof Request ? input.url : input)).pathname,
        body: JSON.parse(String(init?.body ?? "{}")) as Record<string, unknown>,
      };
      calls.push(call);
      return reply(call, calls.length);
    },
  });
  const handle = createHandler(() => ({ deps, router: libraryRouter(deps) }));
  return {
    calls,
    reply: (r) => {
      reply = r;
    },
    post: async (path, body, headers = {}) =>
      handle(
        new Request(`http://gateway${path}`, {
          method: "POST",
          headers: { authorization: `Bearer ${LIBRARY_MASTER}`, "content-type": "application/json", ...headers },
          body: JSON.stringify(body),
        }),
      ),
    settle: async () => {
      while (pending.length) await Promise.allSettled(pending.splice(0));
    },
    spend: () => (deps.state.spend as MemorySpendSink).records,
    lookups: (n) => store.until(n),
    clock: {
      now: () => t,
      advance: (ms) => {
        t += ms;
      },
    },
  };
}

/** An OpenAI chat completion whose content is `text`. */
export function completionJson(text: string, finish = "stop"): Response {
  return Response.json({
    id: "chatcmpl-up",
    object: "chat.completion",
    created: 1_900_000_000,
    model: "gpt-4o-2024-08-06",
    choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: finish, logprobs: null }],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
  });
}

/** An OpenAI chat stream spelling `words`, then the finish reason, the usage chunk (when `usage`) and [DONE]. */
export function completionSse(words: string[], opts: { finish?: string | null; usage?: boolean; done?: boolean } = {}) {
  const head = { id: "chatcmpl-up", object: "chat.completion.chunk", created: 1_900_000_000, model: "gpt-4o" };
  const frames: Array<Record<string, unknown>> = words.map((w, i) => ({
    ...head,
    choices: [{ index: 0, delta: i === 0 ? { role: "assistant", content: w } : { content: w }, finish_reason: null }],
  }));
  const finish = opts.finish === undefined ? "stop" : opts.finish;
  if (finish) frames.push({ ...head, choices: [{ index: 0, delta: {}, finish_reason: finish }] });
  const usage = { prompt_tokens: 50, completion_tokens: words.length, total_tokens: 50 + words.length };
  if (opts.usage !== false) frames.push({ ...head, choices: [], usage });
  const text =
    frames.map((f) => `data: ${JSON.stringify(f)}\n\n`).join("") + (opts.done === false ? "" : "data: [DONE]\n\n");
  return new Response(text, { headers: { "content-type": "text/event-stream" } });
}

/** The text of an SSE chat stream's content deltas, and whether it ended with [DONE]. */
export async function readChatSse(res: Response): Promise<{ text: string; done: boolean; usage?: unknown }> {
  const raw = await res.text();
  let text = "";
  let usage: unknown;
  for (const line of raw.split("\n")) {
    if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
    const chunk = JSON.parse(line.slice(6)) as { choices: Array<{ delta: { content?: string } }>; usage?: unknown };
    for (const c of chunk.choices) text += c.delta.content ?? "";
    if (chunk.usage) usage = chunk.usage;
  }
  return { text, done: raw.trimEnd().endsWith("data: [DONE]"), usage };
}

/** A chat completion's body, as the tests read it. */
export interface ChatBody {
  choices: Array<{ message: { content: string | null }; finish_reason: string }>;
  usage?: Record<string, number>;
  error?: Record<string, unknown>;
}

/** The first choice's content of a JSON chat answer. */
export async function contentOf(res: Response): Promise<string | null | undefined> {
  return ((await res.json()) as ChatBody).choices?.[0]?.message.content;
}
