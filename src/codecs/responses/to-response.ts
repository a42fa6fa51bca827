import type { ChatCompletion } from "../../openai/chat-response.js";
import type { OutputItem } from "../../responses/items.js";
import type { ResponseObject } from "../../responses/response.js";
import { endOf, functionCallItem, messageItem, reasoningItem, refusalPart, textPart } from "./output-items.js";
import { type ResponseContext, responseShell, summaryOf } from "./response-shell.js";
import { responseUsage } from "./usage.js";

/**
 * A chat completion → the Response object. Output in the order a vendor produces it: a reasoning item
 * (when the vendor thought), the assistant message (text, then a refusal), then one function_call item per
 * tool call. A length cap or content filter makes the response `incomplete` and its last item with it.
 */
export function toResponse(completion: ChatCompletion, ctx: ResponseContext): ResponseObject {
  const choice = completion.choices[0];
  const m = choice?.message;
  const end = endOf(choice?.finish_reason);
  const output: OutputItem[] = [];
  if (m?.reasoning_content || m?.thinking_blocks?.length)
    output.push(
      reasoningItem({
        id: ctx.itemId("rs"),
        text: m.reasoning_content ?? "",
        showSummary: summaryOf(ctx.request) !== undefined,
        thinking: m.thinking_blocks ?? [],
        provider: ctx.provider,
      }),
    );
  const parts = [];
  if (m?.content) parts.push(textPart(m.content));
  if (m?.refusal) parts.push(refusalPart(m.refusal));
  if (parts.length) output.push(messageItem({ id: ctx.itemId("msg"), status: "completed", parts }));
  for (const call of m?.tool_calls ?? [])
    output.push(
      functionCallItem({
        id: ctx.itemId("fc"),
        callId: call.id,
        name: call.function.name,
        args: call.function.arguments,
        status: "completed",
      }),
    );
  const last = output[output.length - 1];
  if (end.status === "incomplete" && last && "status" in last && last.type !== "reasoning") last.status = "incomplete";
  return {
    ...responseShell(ctx),
    status: end.status,
    incomplete_details: end.incomplete,
    output,
    usage: completion.usage ? responseUsage(completion.usage) : null,
  };
}
