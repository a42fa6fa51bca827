import { BadRequestError } from "../../errors/gateway-error.js";
import type { ChatCompletionRequest } from "../../openai/chat-request.js";
import { GATEWAY_ONLY_FIELDS } from "../../openai/gateway-fields.js";
import { KNOWN_REQUEST_FIELDS, type MessagesRequest } from "../../anthropic/request.js";
import type { ThinkingConfig } from "../../anthropic/tools.js";
import { toChatMessages } from "./to-chat-messages.js";
import { toChatTools } from "./to-chat-tools.js";

/** A Messages request in the gateway's chat shape, and what that shape could not carry. */
export interface ChatTranslation {
  request: ChatCompletionRequest;
  /** One entry per dropped thing, naming where it was (`tools[3] (web_search_20250305 "web_search")`). */
  notCarried: string[];
}

/** The chat request's stop list holds at most this many sequences. */
const MAX_STOP = 16;

type Effort = NonNullable<ChatCompletionRequest["reasoning_effort"]>;
const EFFORTS: Readonly<Record<string, Effort>> = {
  low: "low",
  medium: "medium",
  high: "high",
  xhigh: "xhigh",
  max: "xhigh",
};

/**
 * thinking: enabled → the chat request's `thinking` with its budget; disabled → disabled; adaptive and
 * between_tools → enabled without a budget (each adapter then applies its own default).
 */
function chatThinking(t: ThinkingConfig): NonNullable<ChatCompletionRequest["thinking"]> {
  if (t.type === "enabled") return { type: "enabled", budget_tokens: t.budget_tokens };
  if (t.type === "disabled") return { type: "disabled" };
  return { type: "enabled" };
}

/**
 * Messages request → chat request. The model name stays the client's (the spine resolves it). Rules:
 * max_tokens → max_completion_tokens; stop_sequences → stop; temperature, top_p as they are;
 * metadata.user_id → user; stream → stream with include_usage (usage is needed for message_delta);
 * output_config.effort → reasoning_effort (max → xhigh); output_config.format (json_schema) → response_format.
 * Not carried: top_k, service_tier, top-level cache_control, other metadata keys and every field this
 * gateway does not know. Refused (400): a `thread` (server-held conversation state). Gateway-level fields (fallbacks, num_retries, ...) pass through for the spine.
 */
export function toChatRequest(req: MessagesRequest): ChatTranslation {
  // A thread continues a conversation the vendor holds: only the new turn is sent. No chat target holds
  // one, so the model would answer without the history.
  if ((req as Record<string, unknown>).thread != null) {
    throw new BadRequestError(
      "thread: server-held conversations are kept by Claude deployments only; send the whole conversation (the SDK's tool runner: thread: false)",
      { param: "thread", code: "unsupported_parameter" },
    );
  }
  const notCarried: string[] = [];
  const note = (what: string) => notCarried.push(what);
  const out: ChatCompletionRequest = {
    model: req.model,
    messages: toChatMessages({ system: req.system, messages: req.messages, notCarried: note }),
    max_completion_tokens: req.max_tokens,
  };
  if (req.stop_sequences?.length) {
    out.stop = req.stop_sequences.slice(0, MAX_STOP);
    if (req.stop_sequences.length > MAX_STOP) note(`stop_sequences[${MAX_STOP}..] (at most ${MAX_STOP} carried)`);
  }
  if (req.temperature !== undefined) out.temperature = req.temperature;
  if (req.top_p !== undefined) out.top_p = req.top_p;
  if (req.top_k !== undefined) note("top_k");
  if (req.metadata) {
    if (req.metadata.user_id) out.user = req.metadata.user_id;
    for (const k of Object.keys(req.metadata)) if (k !== "user_id") note(`metadata.${k}`);
  }
  if (req.stream) {
    out.stream = true;
    out.stream_options = { include_usage: true };
  }
  Object.assign(out, toChatTools({ tools: req.tools, toolChoice: req.tool_choice, notCarried: note }));
  if (req.thinking) out.thinking = chatThinking(req.thinking);
  const effort = req.output_config?.effort;
  if (effort) {
    if (EFFORTS[effort]) out.reasoning_effort = EFFORTS[effort];
    else note(`output_config.effort ("${effort}")`);
  }
  const format = req.output_config?.format;
  if (format) {
    if (format.type === "json_schema" && format.schema && typeof format.schema === "object") {
      const schema = format.schema as Record<string, unknown>;
      out.response_format = { type: "json_schema", json_schema: { name: "output", schema, strict: true } };
    } else note(`output_config.format (${format.type})`);
  }
  if (req.service_tier !== undefined) note("service_tier");
  if (req.cache_control) note("cache_control (automatic caching)");
  const passthrough = new Set<string>(GATEWAY_ONLY_FIELDS);
  const raw = req as Record<string, unknown>;
  for (const k of Object.keys(raw)) {
    if (passthrough.has(k)) (out as Record<string, unknown>)[k] = raw[k];
    else if (!KNOWN_REQUEST_FIELDS.has(k)) note(k);
  }
  return { request: out, notCarried };
}
