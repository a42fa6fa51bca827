import type { ChatCompletionChunk, ChunkDelta, ThinkingBlock, Usage } from "../../openai/chat-response.js";
import type { ResponseStreamEvent } from "../../responses/events.js";
import type { OutputItem } from "../../responses/items.js";
import type { ResponseError, ResponseObject } from "../../responses/response.js";
import { endOf, functionCallItem, messageItem, reasoningItem, refusalPart, textPart } from "./output-items.js";
import { mergeThinking } from "./reasoning.js";
import { type ResponseContext, responseShell, summaryOf } from "./response-shell.js";
import { responseUsage } from "./usage.js";

type Open =
  | { kind: "reasoning"; index: number; id: string; text: string; thinking: ThinkingBlock[]; partOpen: boolean }
  | {
      kind: "message";
      index: number;
      id: string;
      text: string | null;
      refusal: string | null;
      /** The open part, and the parts in the order they were added (their content_index). */
      part?: "text" | "refusal";
      order: Array<"text" | "refusal">;
    }
  | { kind: "call"; index: number; id: string; callIndex: number; callId: string; name: string; args: string };

/**
 * Chat completion chunks → Responses stream events, following OpenAI's grammar: `response.created` and
 * `response.in_progress`; then one output item at a time (added → its parts and deltas → done), in the
 * order the vendor produces them (reasoning, text, tool calls); then `response.completed`, or
 * `response.incomplete` after a length cap or content filter, or `response.failed` (`fail`). Every event
 * carries the next `sequence_number` from 0. The final response equals `toResponse` of the same answer.
 * Tool calls arrive one after another (as every vendor sends them); a call's item closes when the next
 * item opens. Only choice 0 is read.
 */
export class ResponsesStreamEncoder {
  private seq = 0;
  private started = false;
  private ended = false;
  private readonly shell: ResponseObject;
  private readonly output: OutputItem[] = [];
  private open: Open | undefined;
  private finishReason: string | null = null;
  private usage: Usage | undefined;
  private readonly closedCalls = new Set<number>();
  private readonly showSummary: boolean;

  constructor(private readonly ctx: ResponseContext) {
    this.shell = responseShell(ctx);
    this.showSummary = summaryOf(ctx.request) !== undefined;
  }

  /** `response.created` and `response.in_progress` (also sent by the first `push` when not called). */
  start(): ResponseStreamEvent[] {
    if (this.started) return [];
    this.started = true;
    return [
      { type: "response.created", response: structuredClone(this.shell), sequence_number: this.seq++ },
      { type: "response.in_progress", response: structuredClone(this.shell), sequence_number: this.seq++ },
    ];
  }

  push(chunk: ChatCompletionChunk): ResponseStreamEvent[] {
    if (this.ended) return [];
    const out = this.start();
    if (chunk.usage) this.usage = chunk.usage;
    const choice = chunk.choices.find((c) => c.index === 0);
    if (!choice) return out;
    this.delta(choice.delta, out);
    if (choice.finish_reason) this.finishReason = choice.finish_reason;
    return out;
  }

  /** The upstream ended: close the open item, then `response.completed` or `response.incomplete`. */
  finish(): ResponseStreamEvent[] {
    if (this.ended) return [];
    const out = this.start();
    const end = endOf(this.finishReason);
    this.closeOpen(out, end.status === "incomplete" ? "incomplete" : "completed");
    this.ended = true;
    const response = this.final(end.status, { incomplete_details: end.incomplete });
    out.push({
      type: end.status === "completed" ? "response.completed" : "response.incomplete",
      response,
      sequence_number: this.seq++,
    });
    return out;
  }

  /** The upstream failed mid-stream: `response.failed` with the output so far (the open item incomplete). */
  fail(error: ResponseError): ResponseStreamEvent[] {
    if (this.ended) return [];
    const out = this.start();
    if (this.open) this.output.push(this.snapshot(this.open, "incomplete"));
    this.open = undefined;
    this.ended = true;
    out.push({ type: "response.failed", response: this.final("failed", { error }), sequence_number: this.seq++ });
    return out;
  }

  private final(status: ResponseObject["status"], extra: Partial<ResponseObject>): ResponseObject {
    return structuredClone({
      ...this.shell,
      status,
      output: this.output,
      usage: this.usage ? responseUsage(this.usage) : null,
      ...extra,
    });
  }

  private delta(d: ChunkDelta, out: ResponseStreamEvent[]): void {
    if (d.reasoning_content || d.thinking_blocks?.length) {
      const r = this.openReasoning(out);
      if (d.thinking_blocks?.length) mergeThinking(r.thinking, d.thinking_blocks);
      if (d.reasoning_content) this.reasoningText(r, d.reasoning_content, out);
    }
    if (d.content) this.messageText(d.content, "text", out);
    if (d.refusal) this.messageText(d.refusal, "refusal", out);
    for (const tc of d.tool_calls ?? []) {
      if (this.closedCalls.has(tc.index)) continue; // a late piece of a call already closed (see class doc)
      let call = this.open?.kind === "call" && this.open.callIndex === tc.index ? this.open : undefined;
      if (!call) {
        const id = this.ctx.itemId("fc");
        call = {
          kind: "call",
          index: 0,
          id,
          callIndex: tc.index,
          callId: tc.id ?? id,
          name: tc.function?.name ?? "",
          args: "",
        };
        this.openItem(call, out);
      }
      const piece = tc.function?.arguments;
      if (piece) {
        call.args += piece;
        out.push({
          type: "response.function_call_arguments.delta",
          item_id: call.id,
          output_index: call.index,
          delta: piece,
          sequence_number: this.seq++,
        });
      }
    }
  }

  private openReasoning(out: ResponseStreamEvent[]): Extract<Open, { kind: "reasoning" }> {
    if (this.open?.kind === "reasoning") return this.open;
    const r: Open = { kind: "reasoning", index: 0, id: this.ctx.itemId("rs"), text: "", thinking: [], partOpen: false };
    this.openItem(r, out);
    return r;
  }

  private reasoningText(r: Extract<Open, { kind: "reasoning" }>, text: string, out: ResponseStreamEvent[]): void {
    r.text += text;
    if (!this.showSummary) return;
    const at = { item_id: r.id, output_index: r.index, summary_index: 0 };
    if (!r.partOpen) {
      r.partOpen = true;
      out.push({
        type: "response.reasoning_summary_part.added",
        ...at,
        part: { type: "summary_text", text: "" },
        sequence_number: this.seq++,
      });
    }
    out.push({ type: "response.reasoning_summary_text.delta", ...at, delta: text, sequence_number: this.seq++ });
  }

  private messageText(text: string, part: "text" | "refusal", out: ResponseStreamEvent[]): void {
    let m = this.open?.kind === "message" ? this.open : undefined;
    // A part that was already closed cannot take more text: the rest is a new message.
    if (m && m.part !== part && m.order.includes(part)) m = undefined;
    if (!m) {
      m = { kind: "message", index: 0, id: this.ctx.itemId("msg"), text: null, refusal: null, order: [] };
      this.openItem(m, out);
    }
    if (m.part !== part) {
      this.closePart(m, out);
      m.part = part;
      m.order.push(part);
      if (part === "text") m.text = "";
      else m.refusal = "";
      const first = part === "text" ? textPart("") : refusalPart("");
      out.push({ type: "response.content_part.added", ...this.partAt(m), part: first, sequence_number: this.seq++ });
    }
    if (part === "text") {
      m.text += text;
      out.push({
        type: "response.output_text.delta",
        ...this.partAt(m),
        delta: text,
        logprobs: [],
        sequence_number: this.seq++,
      });
    } else {
      m.refusal += text;
      out.push({ type: "response.refusal.delta", ...this.partAt(m), delta: text, sequence_number: this.seq++ });
    }
  }

  private partAt(m: Extract<Open, { kind: "message" }>) {
    return { item_id: m.id, output_index: m.index, content_index: m.part ? m.order.indexOf(m.part) : 0 };
  }

  private closePart(m: Extract<Open, { kind: "message" }>, out: ResponseStreamEvent[]): void {
    const at = this.partAt(m);
    if (m.part === "text") {
      const text = m.text ?? "";
      out.push({ type: "response.output_text.done", ...at, text, logprobs: [], sequence_number: this.seq++ });
      out.push({ type: "response.content_part.done", ...at, part: textPart(text), sequence_number: this.seq++ });
    } else if (m.part === "refusal") {
      const refusal = m.refusal ?? "";
      out.push({ type: "response.refusal.done", ...at, refusal, sequence_number: this.seq++ });
      out.push({ type: "response.content_part.done", ...at, part: refusalPart(refusal), sequence_number: this.seq++ });
    }
  }

  private openItem(item: Open, out: ResponseStreamEvent[]): void {
    this.closeOpen(out, "completed");
    item.index = this.output.length;
    this.open = item;
    out.push({
      type: "response.output_item.added",
      output_index: item.index,
      item: this.snapshot(item, "in_progress", true),
      sequence_number: this.seq++,
    });
  }

  private closeOpen(out: ResponseStreamEvent[], status: "completed" | "incomplete"): void {
    const o = this.open;
    if (!o) return;
    this.open = undefined;
    if (o.kind === "reasoning" && o.partOpen) {
      const at = { item_id: o.id, output_index: o.index, summary_index: 0 };
      out.push({ type: "response.reasoning_summary_text.done", ...at, text: o.text, sequence_number: this.seq++ });
      out.push({
        type: "response.reasoning_summary_part.done",
        ...at,
        part: { type: "summary_text", text: o.text },
        sequence_number: this.seq++,
      });
    }
    if (o.kind === "message") this.closePart(o, out);
    if (o.kind === "call") {
      this.closedCalls.add(o.callIndex);
      out.push({
        type: "response.function_call_arguments.done",
        item_id: o.id,
        output_index: o.index,
        arguments: o.args,
        name: o.name,
        sequence_number: this.seq++,
      });
    }
    const item = this.snapshot(o, status);
    this.output.push(item);
    out.push({
      type: "response.output_item.done",
      output_index: o.index,
      item: structuredClone(item),
      sequence_number: this.seq++,
    });
  }

  /** The item as it stands; `added` is the empty form sent by output_item.added. */
  private snapshot(o: Open, status: "in_progress" | "completed" | "incomplete", added = false): OutputItem {
    switch (o.kind) {
      case "reasoning":
        return added
          ? { id: o.id, type: "reasoning", summary: [] }
          : reasoningItem({
              id: o.id,
              text: o.text,
              showSummary: this.showSummary,
              thinking: o.thinking,
              provider: this.ctx.provider,
            });
      case "message": {
        const parts = added
          ? []
          : o.order.map((p) => (p === "text" ? textPart(o.text ?? "") : refusalPart(o.refusal ?? "")));
        return messageItem({ id: o.id, status, parts });
      }
      case "call":
        return functionCallItem({ id: o.id, callId: o.callId, name: o.name, args: added ? "" : o.args, status });
    }
  }
}
