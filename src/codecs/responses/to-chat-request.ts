import { BadRequestError } from "../../errors/gateway-error.js";
import type { ChatCompletionRequest, ChatMessage, ResponseFormat } from "../../openai/chat-request.js";
import { GATEWAY_ONLY_FIELDS } from "../../openai/gateway-fields.js";
import { isKnownItem, type Item } from "../../responses/items.js";
import type { ResponseCreateRequest, TextFormat } from "../../responses/request.js";
import { itemsToMessages, type TranslationTarget } from "./input-to-messages.js";
import { chatToolChoice, chatTools } from "./tools.js";

/** Request fields that name state or services only OpenAI keeps; a translated request cannot honour them. */
const OPENAI_STATE_FIELDS = ["background", "conversation", "prompt"] as const;

/**
 * A Responses request for a deployment reached through translation → the chat request the gateway's
 * providers speak. `history` is the stored conversation before this request (previous_response_id
 * resolved, oldest first); `target` is the deployment (its name for errors, its provider for thinking).
 * Items of the history that only OpenAI understands (hosted tool calls of a turn answered natively) are
 * left out, the assistant's text carries their result; the same items in this request's input are a 400.
 *
 * instructions → a system message first (instructions of earlier turns are not carried, as at OpenAI);
 * input → messages (input-to-messages.ts); tools and tool_choice (tools.ts); text.format → response_format;
 * reasoning.effort → reasoning_effort (each provider maps it to its thinking); max_output_tokens →
 * max_completion_tokens; temperature, top_p, parallel_tool_calls, user, metadata as they are; gateway
 * fields (fallbacks, num_retries, timeout, tags, ...) kept for the spine. Not carried: store and
 * previous_response_id (the gateway's own), include, truncation, text.verbosity, and other OpenAI-only fields.
 */
export function toChatRequest(opts: {
  request: ResponseCreateRequest;
  history: readonly Item[];
  target: TranslationTarget;
}): ChatCompletionRequest {
  const { request: r, target } = opts;
  for (const f of OPENAI_STATE_FIELDS)
    if (r[f] != null && r[f] !== false)
      throw new BadRequestError(`"${f}" needs an OpenAI or Azure deployment; ${target.name} cannot carry it`, {
        param: f,
        code: "unsupported_parameter",
      });
  const current: readonly Item[] =
    typeof r.input === "string" ? [{ type: "message", role: "user", content: r.input }] : (r.input ?? []);
  const messages: ChatMessage[] = [];
  if (r.instructions) messages.push({ role: "system", content: r.instructions });
  const history = opts.history.filter(isKnownItem);
  messages.push(...itemsToMessages([...history, ...current], target, history.length));
  if (!messages.length)
    throw new BadRequestError("input is required (a string or a list of items)", {
      param: "input",
      code: "invalid_request",
    });

  const out: ChatCompletionRequest = { model: r.model, messages };
  const { tools, toolChoice } = chatToolChoice(r.tool_choice, chatTools(r.tools, target.name), target.name);
  if (tools?.length) out.tools = tools;
  if (toolChoice !== undefined && tools?.length) out.tool_choice = toolChoice;
  if (tools?.length && r.parallel_tool_calls != null) out.parallel_tool_calls = r.parallel_tool_calls;
  const format = responseFormat(r.text?.format);
  if (format) out.response_format = format;
  if (r.reasoning?.effort) out.reasoning_effort = r.reasoning.effort;
  if (r.max_output_tokens != null) out.max_completion_tokens = r.max_output_tokens;
  if (r.temperature != null) out.temperature = r.temperature;
  if (r.top_p != null) out.top_p = r.top_p;
  if (r.user != null) out.user = r.user;
  if (r.metadata != null) out.metadata = r.metadata;
  if (r.stream) {
    out.stream = true;
    out.stream_options = { include_usage: true };
  }
  const extra: Record<string, unknown> = out;
  for (const f of GATEWAY_ONLY_FIELDS) if (r[f] !== undefined) extra[f] = r[f];
  return out;
}

function responseFormat(f: TextFormat | null | undefined): ResponseFormat | undefined {
  if (!f || f.type === "text") return undefined;
  if (f.type === "json_object") return { type: "json_object" };
  const js: Extract<ResponseFormat, { type: "json_schema" }>["json_schema"] = { name: f.name, schema: f.schema };
  if (f.description != null) js.description = f.description;
  if (f.strict != null) js.strict = f.strict;
  return { type: "json_schema", json_schema: js };
}
