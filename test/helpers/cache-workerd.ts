import type { ServerResponse } from "node:http";
import type { TestGateway } from "./gateway.js";
import { eventually } from "./keys.js";
import { type RecordedRequest, sendJson, sendSse } from "./mock-upstream.js";

/** Helpers for the response cache's workerd tests: a counting upstream, and the entries in KV. */

/** Vectors the mock gives prompt texts: the first two are ~0.99 similar, the third unrelated. */
const VECTORS: Record<string, number[]> = {
  "user: What is the capital of France?": [1, 0, 0],
  "user: what's the capital of france": [0.99, 0.14, 0],
  "user: How tall is Mount Everest?": [0, 1, 0],
};

/**
 * An OpenAI-compatible upstream: chat answers "answer N" for its Nth chat call (JSON, or a stream of
 * three chunks with the usage chunk when asked), embeddings a vector per input (VECTORS, else a
 * fixed one).
 */
export function countingUpstream() {
  let chats = 0;
  const handler = (req: RecordedRequest, res: ServerResponse) => {
    const body = req.json() as { stream?: boolean; input?: string | string[] };
    if (req.path.endsWith("/embeddings")) {
      const items = Array.isArray(body.input) ? body.input : [body.input ?? ""];
      return sendJson(res, 200, {
        object: "list",
        model: "text-embedding-3-small",
        data: items.map((t, index) => ({ object: "embedding", index, embedding: VECTORS[t] ?? [0, 0, 1] })),
        usage: { prompt_tokens: items.length * 4, total_tokens: items.length * 4 },
      });
    }
    chats++;
    const text = `answer ${chats}`;
    const usage = { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 };
    const head = { id: `chatcmpl-${chats}`, created: 1_900_000_000, model: "gpt-4o-2024-08-06" };
    if (!body.stream)
      return sendJson(res, 200, {
        ...head,
        object: "chat.completion",
        choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop", logprobs: null }],
        usage,
      });
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
      ...head,
      object: "chat.completion.chunk",
      choices,
      ...extra,
    });
    sendSse(res, [
      chunk([{ index: 0, delta: { role: "assistant", content: "answer" }, finish_reason: null }]),
      chunk([{ index: 0, delta: { content: ` ${chats}` }, finish_reason: null }]),
      chunk([{ index: 0, delta: {}, finish_reason: "stop" }]),
      chunk([], { usage }),
      "data: [DONE]\n\n",
    ]);
  };
  return { handler, chats: () => chats };
}

/** The gateway's CACHE namespace in workerd. */
export async function cacheKv(gw: TestGateway): Promise<KVNamespace> {
  return (await gw.mf.getKVNamespace("CACHE")) as unknown as KVNamespace;
}

/** The KV key of an entry (namespace generation 0). */
export const entryKey = (hash: string, namespace = "default") => `cache/${namespace}/0/${hash}`;

/** Wait until the deferred store of `hash` has landed in KV; its stored JSON. */
export async function storedEntry(gw: TestGateway, hash: string, namespace = "default") {
  const kv = await cacheKv(gw);
  const text = await eventually(async () => (await kv.get(entryKey(hash, namespace))) ?? undefined, `entry ${hash}`);
  return JSON.parse(text) as { created_at: number; expires_at: number } & Record<string, unknown>;
}

/** Move an entry back in time by `ms` (created and expiring that much earlier), as if it had been stored then. */
export async function backdate(gw: TestGateway, hash: string, ms: number): Promise<void> {
  const kv = await cacheKv(gw);
  const entry = await storedEntry(gw, hash);
  entry.created_at -= ms;
  entry.expires_at -= ms;
  await kv.put(entryKey(hash), JSON.stringify(entry));
}
