import { Message, type ContentBlock } from "../anthropic/response.js";
import { sseBytes } from "../codecs/messages/sse.js";
import type { CacheEntry } from "./cache-entry.js";
import { eventJson, type SseAssembler } from "./sse-recorder.js";

/**
 * Anthropic Messages answers in the cache: the stored answer is the Message the client got (JSON, or
 * assembled from the stream), and a hit replays it as a Message or as Anthropic's event stream.
 */

/** A stored entry's Message, or undefined when the entry does not hold one. */
export function messageOf(entry: CacheEntry): Message | undefined {
  if (entry.operation !== "messages") return undefined;
  const r = Message.safeParse(entry.answer);
  return r.success ? r.data : undefined;
}

/** Whether a Message ended on its own (max_tokens only when truncated answers are stored; never refusal or pause_turn). */
export function completeMessage(json: unknown, opts: { storeTruncated: boolean }): Message | undefined {
  const r = Message.safeParse(json);
  if (!r.success) return undefined;
  const s = r.data.stop_reason;
  const ok =
    s === "end_turn" || s === "tool_use" || s === "stop_sequence" || (s === "max_tokens" && opts.storeTruncated);
  return ok ? r.data : undefined;
}

type Block = Record<string, unknown> & { type: string };
type Event = Record<string, unknown> & { type: string };

/**
 * Assembles a Messages stream (message_start, content_block_start/delta/stop per block, message_delta,
 * message_stop): text, tool input (its JSON pieces joined and parsed at the block's stop), thinking and
 * its signature, citations. An `error` event, an event after message_stop or one out of order leaves
 * nothing to store.
 */
export function messagesAssembler(opts: { storeTruncated: boolean }): SseAssembler<Message> {
  let message: Record<string, unknown> | undefined;
  const blocks: Block[] = [];
  const json = new Map<number, string>();
  let done = false;
  const apply = (ev: Record<string, unknown>): boolean => {
    const index = typeof ev.index === "number" ? ev.index : -1;
    switch (ev.type) {
      case "ping":
        return true;
      case "message_start":
        if (message || !ev.message || typeof ev.message !== "object") return false;
        message = { ...(ev.message as Record<string, unknown>) };
        return true;
      case "content_block_start": {
        const b = ev.content_block as Block | undefined;
        if (!message || !b || index !== blocks.length) return false;
        blocks.push({ ...b });
        return true;
      }
      case "content_block_delta":
        return delta(blocks[index], ev.delta as Block | undefined, index);
      case "content_block_stop": {
        const b = blocks[index];
        if (!b) return false;
        const text = json.get(index);
        if (text === undefined) return true;
        try {
          b.input = text === "" ? {} : JSON.parse(text);
        } catch {
          return false;
        }
        return true;
      }
      case "message_delta": {
        if (!message) return false;
        const d = (ev.delta ?? {}) as Record<string, unknown>;
        if ("stop_reason" in d) message.stop_reason = d.stop_reason;
        if ("stop_sequence" in d) message.stop_sequence = d.stop_sequence;
        if (ev.usage && typeof ev.usage === "object") {
          const u = Object.fromEntries(Object.entries(ev.usage).filter(([, v]) => v != null));
          message.usage = { ...(message.usage as object), ...u };
        }
        return true;
      }
      case "message_stop":
        done = true;
        return true;
      default:
        return false;
    }
  };
  const delta = (b: Block | undefined, d: Block | undefined, index: number): boolean => {
    if (!b || !d) return false;
    switch (d.type) {
      case "text_delta":
        b.text = String(b.text ?? "") + String(d.text ?? "");
        return true;
      case "input_json_delta":
        json.set(index, (json.get(index) ?? "") + String(d.partial_json ?? ""));
        return true;
      case "thinking_delta":
        b.thinking = String(b.thinking ?? "") + String(d.thinking ?? "");
        return true;
      case "signature_delta":
        b.signature = String(d.signature ?? "");
        return true;
      case "citations_delta":
        b.citations = [...(Array.isArray(b.citations) ? b.citations : []), d.citation];
        return true;
      default:
        return false;
    }
  };
  return {
    add(ev) {
      if (done) return false;
      const data = eventJson(ev);
      if (!data || typeof data !== "object") return false;
      return apply(data as Record<string, unknown>);
    },
    result() {
      if (!done || !message) return undefined;
      return completeMessage({ ...message, content: blocks }, opts);
    },
  };
}

/** A block as its content_block_start shows it (empty, to be filled by deltas), and the deltas that fill it. */
function blockEvents(b: ContentBlock, index: number): Event[] {
  const start = (content_block: unknown) => ({ type: "content_block_start", index, content_block });
  const delta = (d: Record<string, unknown>) => ({ type: "content_block_delta", index, delta: d });
  const out: Event[] = [];
  if (b.type === "text") {
    const { text, citations, ...rest } = b as Block & { text: string; citations?: unknown[] | null };
    out.push(start({ ...rest, text: "" }));
    for (const citation of citations ?? []) out.push(delta({ type: "citations_delta", citation }));
    if (text) out.push(delta({ type: "text_delta", text }));
  } else if (b.type === "thinking") {
    const { thinking, signature, ...rest } = b as Block & { thinking: string; signature?: string };
    out.push(start({ ...rest, thinking: "", signature: "" }));
    if (thinking) out.push(delta({ type: "thinking_delta", thinking }));
    if (signature) out.push(delta({ type: "signature_delta", signature }));
  } else if (b.type === "tool_use" || b.type === "server_tool_use") {
    const { input, ...rest } = b as Block & { input?: unknown };
    out.push(start({ ...rest, input: {} }));
    const text = JSON.stringify(input ?? {});
    if (text !== "{}") out.push(delta({ type: "input_json_delta", partial_json: text }));
  } else out.push(start(b)); // redacted thinking, tool results: whole at their start
  out.push({ type: "content_block_stop", index });
  return out;
}

/** A cached Message as Anthropic's event stream, in the order the official SDKs read it. */
export function replayMessageStream(m: Message): ReadableStream<Uint8Array> {
  const { input_tokens, cache_creation_input_tokens, cache_read_input_tokens } = m.usage;
  const startUsage = { ...m.usage, output_tokens: 1 };
  const events: Event[] = [
    {
      type: "message_start",
      message: { ...m, content: [], stop_reason: null, stop_sequence: null, usage: startUsage },
    },
  ];
  for (const [i, b] of m.content.entries()) events.push(...blockEvents(b, i));
  events.push({
    type: "message_delta",
    delta: { stop_reason: m.stop_reason, stop_sequence: m.stop_sequence },
    usage: {
      input_tokens,
      output_tokens: m.usage.output_tokens,
      cache_creation_input_tokens: cache_creation_input_tokens ?? null,
      cache_read_input_tokens: cache_read_input_tokens ?? null,
    },
  });
  events.push({ type: "message_stop" });
  const frames = events.map((e) => sseBytes([e]));
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
