import type { ThinkingBlock } from "../../openai/chat-response.js";
import type { OutputText, Refusal } from "../../responses/content.js";
import type { OutputFunctionCall, OutputMessage, OutputReasoning } from "../../responses/items.js";
import type { IncompleteDetails, ResponseStatus } from "../../responses/response.js";
import { encodeThinking } from "./reasoning.js";

/** Builders of the three output items the translated path produces, shared by the non-stream and stream paths. */

export function reasoningItem(opts: {
  id: string;
  /** The vendor's reasoning text; shown as the summary only when the client asked for one. */
  text: string;
  showSummary: boolean;
  thinking: readonly ThinkingBlock[];
  /** The provider that signed the thinking blocks. */
  provider: string;
}): OutputReasoning {
  const item: OutputReasoning = {
    id: opts.id,
    type: "reasoning",
    summary: opts.showSummary && opts.text ? [{ type: "summary_text", text: opts.text }] : [],
  };
  if (opts.thinking.length) item.encrypted_content = encodeThinking([...opts.thinking], opts.provider);
  return item;
}

export function messageItem(opts: {
  id: string;
  status: OutputMessage["status"];
  parts: Array<OutputText | Refusal>;
}): OutputMessage {
  return { id: opts.id, type: "message", status: opts.status, role: "assistant", content: opts.parts };
}

export function textPart(text: string): OutputText {
  return { type: "output_text", annotations: [], text };
}

export function refusalPart(refusal: string): Refusal {
  return { type: "refusal", refusal };
}

export function functionCallItem(opts: {
  id: string;
  callId: string;
  name: string;
  args: string;
  status: OutputFunctionCall["status"];
}): OutputFunctionCall {
  return {
    id: opts.id,
    type: "function_call",
    status: opts.status,
    arguments: opts.args,
    call_id: opts.callId,
    name: opts.name,
  };
}

/** How a chat finish reason ends a response: a length cap or a content filter leaves it incomplete. */
export function endOf(finishReason: string | null | undefined): {
  status: Extract<ResponseStatus, "completed" | "incomplete">;
  incomplete: IncompleteDetails | null;
} {
  if (finishReason === "length") return { status: "incomplete", incomplete: { reason: "max_output_tokens" } };
  if (finishReason === "content_filter") return { status: "incomplete", incomplete: { reason: "content_filter" } };
  return { status: "completed", incomplete: null };
}
