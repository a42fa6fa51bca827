import { expect } from "vitest";
import { ResponseStreamEvent } from "../../src/responses/events.js";

/**
 * OpenAI's Responses stream grammar, checked event by event. Returns every violation found (empty: the
 * stream is valid):
 * - each event has the schema of its type; sequence_number is 0, 1, 2, ... (no gap, no repeat);
 * - response.created, then response.in_progress, both an in_progress response with no output;
 * - output items one at a time: output_item.added at the next output_index with the item's empty form,
 *   its parts (content_part.added → deltas → .done → content_part.done, content_index 0, 1, ...), summary
 *   parts likewise, function_call_arguments deltas → .done, then output_item.done with the same id;
 * - every .done text equals its deltas joined, every done item equals what its events built;
 * - exactly one terminal event (completed / incomplete / failed), last, with the matching status and the
 *   done items as its output (a failed response may also carry the item that was open).
 */
export function responseGrammarViolations(raw: readonly unknown[]): string[] {
  const problems: string[] = [];
  const fail = (i: number, msg: string) => problems.push(`event ${i}: ${msg}`);
  const events: ResponseStreamEvent[] = [];
  raw.forEach((e, i) => {
    const r = ResponseStreamEvent.safeParse(e);
    if (r.success) events.push(r.data);
    else fail(i, `does not match its schema: ${r.error.issues[0]?.message} at ${r.error.issues[0]?.path.join(".")}`);
  });
  if (problems.length) return problems;

  let open: OpenItem | undefined;
  const done: unknown[] = [];
  const ids = new Set<string>();
  let responseId: string | undefined;
  let terminal = -1;

  for (const [i, ev] of events.entries()) {
    if (ev.sequence_number !== i) fail(i, `sequence_number ${ev.sequence_number}, expected ${i}`);
    if (terminal >= 0) fail(i, `${ev.type} after the terminal event`);
    if (i === 0 && ev.type !== "response.created") fail(i, `first event is ${ev.type}, not response.created`);
    if (i === 1 && ev.type !== "response.in_progress") fail(i, `second event is ${ev.type}, not response.in_progress`);
    const snapshot = lifecycleResponse(ev);
    if (snapshot) {
      responseId ??= snapshot.id;
      if (snapshot.id !== responseId) fail(i, `response id ${snapshot.id} changed from ${responseId}`);
    }
    switch (ev.type) {
      case "response.created":
      case "response.in_progress":
        if (i > 1) fail(i, `${ev.type} out of place`);
        if (ev.response.status !== "in_progress" || ev.response.output.length)
          fail(i, `${ev.type} must carry an in_progress response without output`);
        continue;
      case "response.output_item.added": {
        if (open) fail(i, `item ${open.id} is still open`);
        if (ev.output_index !== done.length) fail(i, `output_index ${ev.output_index}, expected ${done.length}`);
        const id = typeof ev.item.id === "string" ? ev.item.id : "";
        if (!id || ids.has(id)) fail(i, `item id "${id}" missing or repeated`);
        ids.add(id);
        open = newOpen(ev.item, ev.output_index, (m) => fail(i, m));
        continue;
      }
      case "response.output_item.done": {
        if (!open || ev.item.id !== open.id || ev.output_index !== open.index) {
          fail(i, "done for an item that is not open");
          continue;
        }
        if (open.part) fail(i, `a part of ${open.id} is still open`);
        if (open.type === "function_call" && !open.argsDone)
          fail(i, `function_call_arguments.done missing for ${open.id}`);
        const built = built_(open, ev.item);
        if (!equal(built, ev.item))
          fail(i, `done item differs from its events: ${JSON.stringify(ev.item)} vs ${JSON.stringify(built)}`);
        done.push(ev.item);
        open = undefined;
        continue;
      }
      case "response.completed":
      case "response.incomplete":
      case "response.failed": {
        terminal = i;
        const status = ev.type.slice("response.".length);
        if (ev.response.status !== status) fail(i, `${ev.type} carries status ${ev.response.status}`);
        if (open && ev.type !== "response.failed") fail(i, `item ${open.id} still open at ${ev.type}`);
        const prefix = ev.response.output.slice(0, done.length);
        if (!equal(prefix, done)) fail(i, "terminal output differs from the done items");
        const extra = ev.response.output.length - done.length;
        if (extra > (ev.type === "response.failed" && open ? 1 : 0))
          fail(i, "terminal output has items never streamed");
        if (ev.type === "response.failed" && !ev.response.error) fail(i, "a failed response needs error");
        continue;
      }
      case "error":
        terminal = i;
        continue;
      case "response.queued":
        fail(i, "response.queued in a foreground stream");
        continue;
      default:
        if (!open || ev.item_id !== open.id || ev.output_index !== open.index) {
          fail(i, `${ev.type} for ${ev.item_id}@${ev.output_index}, which is not the open item`);
          continue;
        }
        onContent(open, ev, (m) => fail(i, m));
    }
  }
  if (terminal < 0) problems.push("no terminal event (response.completed / .incomplete / .failed)");
  return problems;
}

/** Assert a valid stream (the violations are the failure message). */
export function expectValidResponseStream(events: readonly unknown[]): void {
  expect(responseGrammarViolations(events)).toEqual([]);
}

interface OpenItem {
  id: string;
  index: number;
  type: string;
  name: string;
  args: string;
  parts: Array<{ type: "output_text"; text: string } | { type: "refusal"; refusal: string }>;
  summary: string[];
  argsDone?: boolean;
  part?: { kind: "text" | "refusal" | "summary"; index: number; text: string; closedText?: boolean };
}

function newOpen(item: Record<string, unknown>, index: number, fail: (m: string) => void): OpenItem {
  const type = String(item.type);
  if (type === "message" && (!Array.isArray(item.content) || item.content.length)) fail("message added with content");
  if (type === "function_call" && item.arguments !== "") fail("function_call added with arguments");
  if (type === "reasoning" && (!Array.isArray(item.summary) || item.summary.length))
    fail("reasoning added with a summary");
  if (type !== "reasoning" && item.status !== "in_progress") fail(`${type} added with status ${String(item.status)}`);
  return { id: String(item.id), index, type, name: String(item.name ?? ""), args: "", parts: [], summary: [] };
}

function onContent(o: OpenItem, ev: ResponseStreamEvent, fail: (m: string) => void): void {
  const p = o.part;
  switch (ev.type) {
    case "response.content_part.added":
      if (o.type !== "message") {
        fail("content part on a non-message item");
        return;
      }
      if (p) {
        fail("a content part is already open");
        return;
      }
      if (ev.content_index !== o.parts.length) fail(`content_index ${ev.content_index}, expected ${o.parts.length}`);
      o.part = { kind: ev.part.type === "refusal" ? "refusal" : "text", index: ev.content_index, text: "" };
      return;
    case "response.output_text.delta":
    case "response.refusal.delta": {
      const kind = ev.type === "response.output_text.delta" ? "text" : "refusal";
      if (p?.kind !== kind || p.closedText || ev.content_index !== p.index) {
        fail(`${ev.type} without its open part`);
        return;
      }
      p.text += ev.delta;
      return;
    }
    case "response.output_text.done":
    case "response.refusal.done": {
      const kind = ev.type === "response.output_text.done" ? "text" : "refusal";
      if (p?.kind !== kind || p.closedText || ev.content_index !== p.index) {
        fail(`${ev.type} without its open part`);
        return;
      }
      const text = ev.type === "response.output_text.done" ? ev.text : ev.refusal;
      if (text !== p.text) fail(`${ev.type} text differs from its deltas`);
      p.closedText = true;
      return;
    }
    case "response.content_part.done": {
      if (!p || p.kind === "summary" || !p.closedText || ev.content_index !== p.index) {
        fail("content_part.done out of order");
        return;
      }
      const part =
        p.kind === "text"
          ? { type: "output_text" as const, text: p.text }
          : { type: "refusal" as const, refusal: p.text };
      const got = ev.part.type === "output_text" ? { type: ev.part.type, text: ev.part.text } : ev.part;
      if (!equal(got, part)) fail("content_part.done part differs from its deltas");
      o.parts.push(part);
      o.part = undefined;
      return;
    }
    case "response.function_call_arguments.delta":
      if (o.type !== "function_call" || o.argsDone) {
        fail("arguments delta outside an open call");
        return;
      }
      o.args += ev.delta;
      return;
    case "response.function_call_arguments.done":
      if (o.type !== "function_call" || o.argsDone) {
        fail("arguments done outside an open call");
        return;
      }
      if (ev.arguments !== o.args) fail("arguments.done differs from its deltas");
      if (ev.name !== o.name) fail("arguments.done names another function");
      o.argsDone = true;
      return;
    case "response.reasoning_summary_part.added":
      if (o.type !== "reasoning" || p) {
        fail("summary part out of order");
        return;
      }
      if (ev.summary_index !== o.summary.length)
        fail(`summary_index ${ev.summary_index}, expected ${o.summary.length}`);
      o.part = { kind: "summary", index: ev.summary_index, text: "" };
      return;
    case "response.reasoning_summary_text.delta":
      if (p?.kind !== "summary" || p.closedText || ev.summary_index !== p.index) {
        fail("summary delta without its part");
        return;
      }
      p.text += ev.delta;
      return;
    case "response.reasoning_summary_text.done":
      if (p?.kind !== "summary" || p.closedText || ev.summary_index !== p.index) {
        fail("summary done without its part");
        return;
      }
      if (ev.text !== p.text) fail("summary text differs from its deltas");
      p.closedText = true;
      return;
    case "response.reasoning_summary_part.done":
      if (p?.kind !== "summary" || !p.closedText || ev.summary_index !== p.index) {
        fail("summary part done out of order");
        return;
      }
      if (ev.part.text !== p.text) fail("summary part differs from its deltas");
      o.summary.push(p.text);
      o.part = undefined;
      return;
    default:
      fail(`unexpected ${ev.type} inside an item`);
  }
}

function lifecycleResponse(ev: ResponseStreamEvent): { id: string } | undefined {
  switch (ev.type) {
    case "response.created":
    case "response.in_progress":
    case "response.completed":
    case "response.incomplete":
    case "response.failed":
      return ev.response;
    default:
      return undefined;
  }
}

/** The item as its events built it (fields the events do not carry are taken from the done item). */
function built_(o: OpenItem, doneItem: Record<string, unknown>): Record<string, unknown> {
  if (o.type === "message")
    return {
      ...doneItem,
      content: o.parts.map((p) =>
        p.type === "output_text" ? { type: "output_text", annotations: [], text: p.text } : p,
      ),
    };
  if (o.type === "function_call") return { ...doneItem, arguments: o.args };
  if (o.type === "reasoning")
    return { ...doneItem, summary: o.summary.map((text) => ({ type: "summary_text", text })) };
  return doneItem;
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, sortKeys(x)]),
    );
  return v;
}
