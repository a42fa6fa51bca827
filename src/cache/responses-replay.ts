import { ResponseObject } from "../responses/response.js";
import type { CacheEntry } from "./cache-entry.js";
import { eventJson, type SseAssembler } from "./sse-recorder.js";

/**
 * Responses API answers in the cache (stateless requests only: src/cache/cache-plan.ts). The stored
 * answer is the completed Response the client got (the JSON body, or a stream's `response.completed`);
 * a hit replays it under a fresh id, as JSON or as the event stream with its sequence numbers.
 */

/** A stored entry's Response, or undefined when the entry does not hold one. */
export function responseOf(entry: CacheEntry): ResponseObject | undefined {
  if (entry.operation !== "responses") return undefined;
  const r = ResponseObject.safeParse(entry.answer);
  return r.success ? r.data : undefined;
}

/** A Response that completed (never an incomplete, failed or background one). */
export function completeResponse(json: unknown): ResponseObject | undefined {
  const r = ResponseObject.safeParse(json);
  return r.success && r.data.status === "completed" ? r.data : undefined;
}

/** The final Response of a stream: its `response.completed` event; an error, failed or incomplete one stores nothing. */
export function responsesAssembler(): SseAssembler<ResponseObject> {
  let completed: ResponseObject | undefined;
  return {
    add(ev) {
      if (completed) return false; // nothing follows the terminal event
      const data = eventJson(ev) as { type?: unknown; response?: unknown } | undefined;
      if (!data || typeof data.type !== "string") return false;
      if (data.type === "error" || data.type === "response.failed" || data.type === "response.incomplete") return false;
      if (data.type !== "response.completed") return true;
      completed = completeResponse(data.response);
      return completed !== undefined;
    },
    result: () => completed,
  };
}

/** The stored Response as this request's own: a fresh id and creation time, the request's metadata and user. */
export function replayedResponse(
  r: ResponseObject,
  opts: { id: string; createdAt: number; metadata?: Record<string, string> | null; user?: string | null },
): ResponseObject {
  return { ...r, id: opts.id, created_at: opts.createdAt, metadata: opts.metadata ?? {}, user: opts.user ?? null };
}

type Event = Record<string, unknown> & { type: string };
type Part = Record<string, unknown> & { type: string };

/** The events that stream one output item: added (empty), its content as deltas, done (whole). */
function itemEvents(item: Record<string, unknown> & { type: string }, output_index: number): Event[] {
  const item_id = String(item.id ?? "");
  const at = { item_id, output_index };
  const out: Event[] = [];
  if (item.type === "message" && Array.isArray(item.content)) {
    out.push({
      type: "response.output_item.added",
      output_index,
      item: { ...item, status: "in_progress", content: [] },
    });
    (item.content as Part[]).forEach((part, content_index) => {
      const p = { ...at, content_index };
      if (part.type === "output_text") {
        const text = String(part.text ?? "");
        out.push({ type: "response.content_part.added", ...p, part: { ...part, text: "", annotations: [] } });
        if (text) out.push({ type: "response.output_text.delta", ...p, delta: text, logprobs: [] });
        out.push({ type: "response.output_text.done", ...p, text, logprobs: [] });
      } else if (part.type === "refusal") {
        const refusal = String(part.refusal ?? "");
        out.push({ type: "response.content_part.added", ...p, part: { ...part, refusal: "" } });
        if (refusal) out.push({ type: "response.refusal.delta", ...p, delta: refusal });
        out.push({ type: "response.refusal.done", ...p, refusal });
      } else out.push({ type: "response.content_part.added", ...p, part });
      out.push({ type: "response.content_part.done", ...p, part });
    });
  } else if (item.type === "function_call") {
    const args = String(item.arguments ?? "");
    out.push({
      type: "response.output_item.added",
      output_index,
      item: { ...item, arguments: "", status: "in_progress" },
    });
    if (args) out.push({ type: "response.function_call_arguments.delta", ...at, delta: args });
    out.push({ type: "response.function_call_arguments.done", ...at, arguments: args, name: item.name });
  } else if (item.type === "reasoning" && Array.isArray(item.summary)) {
    out.push({
      type: "response.output_item.added",
      output_index,
      item: { ...item, summary: [], status: "in_progress" },
    });
    (item.summary as Part[]).forEach((part, summary_index) => {
      const s = { ...at, summary_index };
      const text = String(part.text ?? "");
      out.push({ type: "response.reasoning_summary_part.added", ...s, part: { ...part, text: "" } });
      if (text) out.push({ type: "response.reasoning_summary_text.delta", ...s, delta: text });
      out.push({ type: "response.reasoning_summary_text.done", ...s, text });
      out.push({ type: "response.reasoning_summary_part.done", ...s, part });
    });
  } else out.push({ type: "response.output_item.added", output_index, item });
  out.push({ type: "response.output_item.done", output_index, item });
  return out;
}

const enc = new TextEncoder();

/**
 * A (replayed) Response as the Responses event stream: response.created and response.in_progress
 * (no output yet), each output item's events, response.completed with the whole Response; every
 * event numbered from 0.
 */
export function replayResponseStream(r: ResponseObject): ReadableStream<Uint8Array> {
  const shell = { ...r, status: "in_progress", output: [], usage: null };
  const events: Event[] = [
    { type: "response.created", response: shell },
    { type: "response.in_progress", response: shell },
  ];
  for (const [i, item] of r.output.entries())
    events.push(...itemEvents(item as Record<string, unknown> & { type: string }, i));
  events.push({ type: "response.completed", response: r });
  const frames = events.map((ev, sequence_number) =>
    enc.encode(`event: ${ev.type}\ndata: ${JSON.stringify({ ...ev, sequence_number })}\n\n`),
  );
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
