import type { Usage } from "../openai/chat-response.js";
import { TextCompletion, type TextCompletionChoice } from "../openai/completions.js";
import { DONE_BYTES, sseFrame } from "../streaming/encode-sse.js";
import type { CacheEntry } from "./cache-entry.js";
import { eventJson, type SseAssembler } from "./sse-recorder.js";
import { storableFinish } from "./store-policy.js";

/** A stored entry's legacy text completion, or undefined when the entry does not hold one. */
export function textCompletionOf(entry: CacheEntry): TextCompletion | undefined {
  if (entry.operation !== "text_completion") return undefined;
  const r = TextCompletion.safeParse(entry.answer);
  return r.success ? r.data : undefined;
}

/** A JSON answer as the client got it, when it is a complete text completion (every choice finished). */
export function completeTextCompletion(json: unknown, opts: { storeTruncated: boolean }): TextCompletion | undefined {
  const r = TextCompletion.safeParse(json);
  return r.success && storableFinish(r.data.choices, opts) ? r.data : undefined;
}

/**
 * Assembles a legacy completions stream (`text_completion` chunks, then `data: [DONE]`): the text of
 * each choice, its finish reason, and the usage chunk (else the usage the gateway kept). An error
 * chunk, anything after [DONE], or logprobs (per-chunk token lists are not merged) leave nothing to store.
 */
export function textCompletionAssembler(opts: {
  storeTruncated: boolean;
  usage: () => Usage | undefined;
}): SseAssembler<TextCompletion> {
  let head: Omit<TextCompletion, "choices" | "usage"> | undefined;
  const choices = new Map<number, TextCompletionChoice>();
  let usage: Usage | undefined;
  let done = false;
  return {
    add(ev) {
      if (done) return false;
      if (ev.data === "[DONE]") {
        done = true;
        return true;
      }
      const json = eventJson(ev) as Record<string, unknown> | undefined;
      if (!json || typeof json !== "object" || "error" in json || !Array.isArray(json.choices)) return false;
      head ??= {
        id: String(json.id),
        object: "text_completion",
        created: Number(json.created),
        model: String(json.model),
        ...(typeof json.system_fingerprint === "string" ? { system_fingerprint: json.system_fingerprint } : {}),
      };
      if (json.usage) usage = json.usage as Usage;
      for (const ch of json.choices as Array<Partial<TextCompletionChoice>>) {
        if (typeof ch.index !== "number" || ch.logprobs != null) return false;
        const c = choices.get(ch.index) ?? { text: "", index: ch.index, logprobs: null, finish_reason: null };
        c.text += ch.text ?? "";
        if (ch.finish_reason) c.finish_reason = ch.finish_reason;
        choices.set(ch.index, c);
      }
      return true;
    },
    result() {
      if (!done || !head) return undefined;
      const answer: TextCompletion = { ...head, choices: [...choices.values()].sort((a, b) => a.index - b.index) };
      const u = usage ?? opts.usage();
      if (u) answer.usage = u;
      const r = TextCompletion.safeParse(answer);
      return r.success && storableFinish(r.data.choices, opts) ? r.data : undefined;
    },
  };
}

/**
 * A cached text completion as a legacy completions SSE body: per choice its text, then its finish
 * reason; the usage chunk (`choices: []`) when the request asked for `stream_options.include_usage`;
 * then `data: [DONE]`.
 */
export function replayTextCompletionStream(
  c: TextCompletion,
  opts: { includeUsage: boolean },
): ReadableStream<Uint8Array> {
  const head = {
    id: c.id,
    object: "text_completion",
    created: c.created,
    model: c.model,
    ...(c.system_fingerprint ? { system_fingerprint: c.system_fingerprint } : {}),
  };
  const frames: Uint8Array[] = [];
  for (const ch of c.choices) {
    frames.push(
      sseFrame({ ...head, choices: [{ text: ch.text, index: ch.index, logprobs: null, finish_reason: null }] }),
    );
    frames.push(
      sseFrame({ ...head, choices: [{ text: "", index: ch.index, logprobs: null, finish_reason: ch.finish_reason }] }),
    );
  }
  if (opts.includeUsage && c.usage) frames.push(sseFrame({ ...head, choices: [], usage: c.usage }));
  frames.push(DONE_BYTES);
  let i = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(ctl) {
        const f = frames[i++];
        if (f) ctl.enqueue(f);
        else ctl.close();
      },
    },
    { highWaterMark: 0 },
  );
}
