import type {
  ChatCompletionChunk,
  FinishReason,
  ThinkingBlock,
  ToolCallDelta,
  Usage,
} from "../../openai/chat-response.js";
import { BadGatewayError, type GatewayError } from "../../errors/gateway-error.js";
import type { BlockDelta, StreamEvent } from "../../anthropic/stream-events.js";
import type { ContentBlock } from "../../anthropic/response.js";
import { anthropicErrorEvent } from "./error.js";
import type { AnswerOptions } from "./from-chat-completion.js";
import { matchedStopOf, stopOf } from "./stop-reason.js";
import { messagesUsageOf } from "./usage.js";

/**
 * Chat chunks → Anthropic stream events, in Anthropic's grammar: message_start and a ping first; then
 * blocks indexed 0, 1, ... with one open at a time (content_block_start, deltas, content_block_stop);
 * message_delta (stop reason, final usage) and message_stop once the upstream has ended. Rules:
 * - reasoning_content → thinking_delta in an open thinking block; a signature (delta.thinking_blocks)
 *   → signature_delta and seals that block (more reasoning opens a new one). A thinking block repeated
 *   whole after its deltas (the Claude adapter does this) adds only its signature; redacted thinking →
 *   its own block.
 * - content (and refusal) → text_delta.
 * - Each tool call index → one tool_use block, opened at its first delta (id, name, `input: {}`), its
 *   argument fragments sent as input_json_delta byte for byte; parallel calls are consecutive blocks.
 *   Fragments for a call whose block is already closed would break the grammar: a 502 error event.
 * - finish_reason closes the open block; usage (which OpenAI-style streams send after it) goes into
 *   message_delta with input, output and cache tokens.
 * - A stream that ends without a finish_reason, or fails, ends with one `error` event.
 */
export interface MessagesStreamEncoder {
  /** Events for one chat chunk (the first also opens the message). */
  push(chunk: ChatCompletionChunk): StreamEvent[];
  /** Events once the upstream has ended: message_delta and message_stop (an error event if it never finished). */
  end(): StreamEvent[];
  /** The error event for a stream that failed after it began. */
  fail(error: GatewayError): StreamEvent[];
  /** Whether message_start has gone out (after that, failures are error events, not HTTP errors). */
  readonly started: boolean;
}

type Open =
  | { kind: "text" | "redacted"; index: number }
  | { kind: "thinking"; index: number; text: string; signed: boolean }
  | { kind: "tool"; index: number; tool: number };

export function createMessagesStreamEncoder(opts: AnswerOptions & { id?: string } = {}): MessagesStreamEncoder {
  let out: StreamEvent[] = [];
  let started = false;
  let ended = false;
  let nextIndex = 0;
  let open: Open | undefined;
  let messageId = "";
  const closedTools = new Set<number>();
  let finish: FinishReason | null | undefined;
  let matchedStop: string | null = null;
  let usage: Usage | null | undefined;
  let hasToolUse = false;

  const start = (chunk: ChatCompletionChunk) => {
    started = true;
    messageId = opts.id ?? chunk.id;
    const message = {
      id: messageId,
      type: "message" as const,
      role: "assistant" as const,
      model: opts.model ?? chunk.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...messagesUsageOf(chunk.usage), output_tokens: 0 },
    };
    out.push({ type: "message_start", message }, { type: "ping" });
  };
  const close = () => {
    if (!open) return;
    out.push({ type: "content_block_stop", index: open.index });
    if (open.kind === "tool") closedTools.add(open.tool);
    open = undefined;
  };
  const begin = (block: ContentBlock): number => {
    close();
    const index = nextIndex++;
    out.push({ type: "content_block_start", index, content_block: block });
    return index;
  };
  const delta = (index: number, d: BlockDelta) => out.push({ type: "content_block_delta", index, delta: d });

  const openThinking = (): Extract<Open, { kind: "thinking" }> => {
    if (open?.kind === "thinking" && !open.signed) return open;
    const index = begin({ type: "thinking", thinking: "", signature: "" });
    const block = { kind: "thinking" as const, index, text: "", signed: false };
    open = block;
    return block;
  };
  const thinking = (text: string) => {
    const b = openThinking();
    b.text += text;
    delta(b.index, { type: "thinking_delta", thinking: text });
  };
  const signature = (sig: string) => {
    const b = openThinking();
    delta(b.index, { type: "signature_delta", signature: sig });
    b.signed = true;
  };
  const thinkingBlocks = (blocks: readonly ThinkingBlock[], hadReasoning: boolean) => {
    for (const b of blocks) {
      if (b.type === "redacted_thinking") {
        open = { kind: "redacted", index: begin({ type: "redacted_thinking", data: b.data ?? "" }) };
        close();
        continue;
      }
      const text = b.thinking ?? "";
      const replay = open?.kind === "thinking" && !open.signed && open.text === text;
      if (text && !hadReasoning && !replay) thinking(text);
      if (b.signature) signature(b.signature);
    }
  };
  const text = (t: string) => {
    if (open?.kind !== "text") open = { kind: "text", index: begin({ type: "text", text: "" }) };
    delta(open.index, { type: "text_delta", text: t });
  };
  const tool = (tc: ToolCallDelta) => {
    const i = tc.index;
    if (!(open?.kind === "tool" && open.tool === i)) {
      if (closedTools.has(i)) {
        throw new BadGatewayError("the upstream interleaved the arguments of parallel tool calls", {
          code: "interleaved_tool_arguments",
        });
      }
      const id = tc.id ?? `toolu_${messageId}_${i}`;
      const index = begin({ type: "tool_use", id, name: tc.function?.name ?? "", input: {} });
      open = { kind: "tool", index, tool: i };
      hasToolUse = true;
    }
    const args = tc.function?.arguments;
    if (args) delta(open.index, { type: "input_json_delta", partial_json: args });
  };

  const fail = (error: GatewayError): StreamEvent[] => {
    if (ended) return [];
    ended = true;
    return [anthropicErrorEvent(error)];
  };

  return {
    push(chunk) {
      if (ended) return [];
      out = [];
      if (!started) start(chunk);
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices.find((c) => c.index === 0);
      if (choice) {
        const d = choice.delta;
        if (d.reasoning_content) thinking(d.reasoning_content);
        if (d.thinking_blocks?.length) thinkingBlocks(d.thinking_blocks, Boolean(d.reasoning_content));
        if (d.content) text(d.content);
        if (d.refusal) text(d.refusal);
        for (const tc of d.tool_calls ?? []) tool(tc);
        if (choice.finish_reason) {
          finish = choice.finish_reason;
          matchedStop = matchedStopOf(choice, opts.stopSequences);
          close();
        }
      }
      return out;
    },
    end() {
      if (ended) return [];
      if (finish === undefined || !started) {
        return fail(
          new BadGatewayError("the upstream stream ended before the model finished its answer", {
            code: "incomplete_stream",
          }),
        );
      }
      out = [];
      close();
      const stop = stopOf({ finish, hasToolUse, matchedStop });
      const { stop_reason, stop_sequence } = stop;
      out.push(
        { type: "message_delta", delta: { stop_reason, stop_sequence }, usage: messagesUsageOf(usage) },
        { type: "message_stop" },
      );
      ended = true;
      return out;
    },
    fail,
    get started() {
      return started;
    },
  };
}
