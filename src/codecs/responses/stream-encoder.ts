import type { ChatCompletionChunk, ChunkDelta, Usage } from "../../openai/chat-response.js";
import type { ResponseStreamEvent, UnnumberedEvent } from "../../responses/events.js";
import type { OutputItem } from "../../responses/items.js";
import type { ResponseError, ResponseObject } from "../../responses/response.js";
import { endOf, refusalPart, textPart } from "./output-items.js";
import { mergeThinking } from "./reasoning.js";
import { type ResponseContext, responseShell, summaryOf } from "./response-shell.js";
import { itemSnapshot, type OpenItem, type OpenMessage, type OpenReasoning } from "./stream-items.js";
import { responseUsage } from "./usage.js";

type ItemStatus = "in_progress" | "completed" | "incomplete";

/**
 * Chat completion chunks → Responses stream events, following OpenAI's grammar: `response.created` and
 * `response.in_progress`; then one output item at a time (added → its parts and deltas → done), in the
 * order the vendor produces them (reasoning, text, tool calls); then `response.completed`, or
 * `response.incomplete` after a length cap or content filter, or `response.failed` (`fail`). Every event
 * carries the next `sequence_number` from 0. The final response equals `toResponse` of the same answer.
 * Tool calls arrive one after another (as every vendor sends them); a call's item closes when the next
 * item opens, and a late piece of a closed call is dropped. Only choice 0 is read.
 */
export class ResponsesStreamEncoder {
  private seq = 0;
  private started = false;
  private ended = false;
  private out: ResponseStreamEvent[] = [];
  private readonly shell: ResponseObject;
  private readonly output: OutputItem[] = [];
  private open: OpenItem | undefined;
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
    this.begin();
    return this.flush();
  }

  push(chunk: ChatCompletionChunk): ResponseStreamEvent[] {
    if (this.ended) return [];
    this.begin();
    if (chunk.usage) this.usage = chunk.usage;
    const choice = chunk.choices.find((c) => c.index === 0);
    if (choice) {
      this.delta(choice.delta);
      if (choice.finish_reason) this.finishReason = choice.finish_reason;
    }
    return this.flush();
  }

  /** The upstream ended: close the open item, then `response.completed` or `response.incomplete`. */
  finish(): ResponseStreamEvent[] {
    if (this.ended) return [];
    this.begin();
    const end = endOf(this.finishReason);
    this.closeOpen(end.status === "incomplete" ? "incomplete" : "completed");
    this.ended = true;
    const response = this.final(end.status, { incomplete_details: end.incomplete });
    this.emit({ type: end.status === "completed" ? "response.completed" : "response.incomplete", response });
    return this.flush();
  }

  /** The upstream failed mid-stream: `response.failed` with the output so far (the open item incomplete). */
  fail(error: ResponseError): ResponseStreamEvent[] {
    if (this.ended) return [];
    this.begin();
    if (this.open) this.output.push(this.snapshot(this.open, "incomplete"));
    this.open = undefined;
    this.ended = true;
    this.emit({ type: "response.failed", response: this.final("failed", { error }) });
    return this.flush();
  }

  private begin(): void {
    if (this.started) return;
    this.started = true;
    this.emit({ type: "response.created", response: structuredClone(this.shell) });
    this.emit({ type: "response.in_progress", response: structuredClone(this.shell) });
  }

  private emit(e: UnnumberedEvent): void {
    this.out.push({ ...e, sequence_number: this.seq++ } as ResponseStreamEvent);
  }

  private flush(): ResponseStreamEvent[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  private final(status: ResponseObject["status"], extra: Partial<ResponseObject>): ResponseObject {
    const usage = this.usage ? responseUsage(this.usage) : null;
    return structuredClone({ ...this.shell, status, output: this.output, usage, ...extra });
  }

  private delta(d: ChunkDelta): void {
    if (d.reasoning_content || d.thinking_blocks?.length) {
      const r = this.open?.kind === "reasoning" ? this.open : this.openReasoning();
      if (d.thinking_blocks?.length) mergeThinking(r.thinking, d.thinking_blocks);
      if (d.reasoning_content) this.reasoningText(r, d.reasoning_content);
    }
    if (d.content) this.messageText(d.content, "text");
    if (d.refusal) this.messageText(d.refusal, "refusal");
    for (const tc of d.tool_calls ?? []) {
      if (this.closedCalls.has(tc.index)) continue;
      let call = this.open?.kind === "call" && this.open.callIndex === tc.index ? this.open : undefined;
      if (!call) {
        const id = this.ctx.itemId("fc");
        const name = tc.function?.name ?? "";
        call = { kind: "call", index: 0, id, callIndex: tc.index, callId: tc.id ?? id, name, args: "" };
        this.openItem(call);
      }
      const delta = tc.function?.arguments;
      if (delta) {
        call.args += delta;
        this.emit({
          type: "response.function_call_arguments.delta",
          item_id: call.id,
          output_index: call.index,
          delta,
        });
      }
    }
  }

  private openReasoning(): OpenReasoning {
    const r: OpenReasoning = {
      kind: "reasoning",
      index: 0,
      id: this.ctx.itemId("rs"),
      text: "",
      thinking: [],
      partOpen: false,
    };
    this.openItem(r);
    return r;
  }

  private reasoningText(r: OpenReasoning, delta: string): void {
    r.text += delta;
    if (!this.showSummary) return;
    const at = { item_id: r.id, output_index: r.index, summary_index: 0 };
    if (!r.partOpen) {
      r.partOpen = true;
      this.emit({ type: "response.reasoning_summary_part.added", ...at, part: { type: "summary_text", text: "" } });
    }
    this.emit({ type: "response.reasoning_summary_text.delta", ...at, delta });
  }

  private messageText(delta: string, part: "text" | "refusal"): void {
    let m = this.open?.kind === "message" ? this.open : undefined;
    // A part that was already closed cannot take more text: the rest is a new message.
    if (m && m.part !== part && m.order.includes(part)) m = undefined;
    if (!m) {
      m = { kind: "message", index: 0, id: this.ctx.itemId("msg"), text: null, refusal: null, order: [] };
      this.openItem(m);
    }
    if (m.part !== part) {
      this.closePart(m);
      m.part = part;
      m.order.push(part);
      if (part === "text") m.text = "";
      else m.refusal = "";
      this.emit({
        type: "response.content_part.added",
        ...partAt(m),
        part: part === "text" ? textPart("") : refusalPart(""),
      });
    }
    if (part === "text") {
      m.text += delta;
      this.emit({ type: "response.output_text.delta", ...partAt(m), delta, logprobs: [] });
    } else {
      m.refusal += delta;
      this.emit({ type: "response.refusal.delta", ...partAt(m), delta });
    }
  }

  private closePart(m: OpenMessage): void {
    const at = partAt(m);
    if (m.part === "text") {
      const text = m.text ?? "";
      this.emit({ type: "response.output_text.done", ...at, text, logprobs: [] });
      this.emit({ type: "response.content_part.done", ...at, part: textPart(text) });
    } else if (m.part === "refusal") {
      const refusal = m.refusal ?? "";
      this.emit({ type: "response.refusal.done", ...at, refusal });
      this.emit({ type: "response.content_part.done", ...at, part: refusalPart(refusal) });
    }
  }

  private openItem(item: OpenItem): void {
    this.closeOpen("completed");
    item.index = this.output.length;
    this.open = item;
    const added = itemSnapshot(item, {
      status: "in_progress",
      added: true,
      showSummary: this.showSummary,
      provider: this.ctx.provider,
    });
    this.emit({ type: "response.output_item.added", output_index: item.index, item: added });
  }

  private closeOpen(status: Exclude<ItemStatus, "in_progress">): void {
    const o = this.open;
    if (!o) return;
    this.open = undefined;
    if (o.kind === "reasoning" && o.partOpen) {
      const at = { item_id: o.id, output_index: o.index, summary_index: 0 };
      this.emit({ type: "response.reasoning_summary_text.done", ...at, text: o.text });
      this.emit({ type: "response.reasoning_summary_part.done", ...at, part: { type: "summary_text", text: o.text } });
    }
    if (o.kind === "message") this.closePart(o);
    if (o.kind === "call") {
      this.closedCalls.add(o.callIndex);
      const { id: item_id, index: output_index, args, name } = o;
      this.emit({ type: "response.function_call_arguments.done", item_id, output_index, arguments: args, name });
    }
    const item = this.snapshot(o, status);
    this.output.push(item);
    this.emit({ type: "response.output_item.done", output_index: o.index, item: structuredClone(item) });
  }

  private snapshot(o: OpenItem, status: ItemStatus): OutputItem {
    return itemSnapshot(o, { status, showSummary: this.showSummary, provider: this.ctx.provider });
  }
}

function partAt(m: OpenMessage) {
  return { item_id: m.id, output_index: m.index, content_index: m.part ? m.order.indexOf(m.part) : 0 };
}
