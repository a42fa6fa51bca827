import { z } from "zod";
import { AnthropicMessage, AnthropicUsage, StreamEventHead } from "../anthropic/api.js";
import { anthropicStreamError } from "../anthropic/error.js";
import { parseUpstreamText } from "./json.js";
import { isPlainNativeMessage } from "../anthropic/fast-shape.js";
import type { MessagesUsage } from "../../anthropic/response.js";
import type { NativeEvent, NativeStreamReader } from "./native-messages.js";

/** Usage as it arrives: message_start's, then message_delta's cumulative totals on top. */
const UsageReport = AnthropicUsage.extend({ server_tool_use: z.looseObject({}).nullish() });
type UsageReport = z.infer<typeof UsageReport>;
const UsageCarrier = z.looseObject({
  message: z.looseObject({ usage: UsageReport.nullish() }).nullish(),
  usage: UsageReport.nullish(),
});

/** A native answer as far as the gateway reads it (built once: a schema built per request costs more than the parse). */
export const NativeAnswer = AnthropicMessage.extend({ usage: UsageReport.nullish() });

/** Later reports win field by field (message_delta totals are cumulative; absent fields keep the start's). */
function merge(base: UsageReport, next: UsageReport | null | undefined): UsageReport {
  if (!next) return base;
  const out: UsageReport = { ...base };
  for (const k of Object.keys(next) as Array<keyof UsageReport>) if (next[k] != null) out[k] = next[k];
  return out;
}

function asMessagesUsage(u: UsageReport): MessagesUsage {
  return { ...u, input_tokens: u.input_tokens ?? 0, output_tokens: u.output_tokens ?? 0 } as MessagesUsage;
}

/** A native non-stream answer: the Message passes on unchanged; its usage is read for cost. */
export function readNativeResponse(body: string, provider: string): { body: string; usage: MessagesUsage } {
  const m = parseUpstreamText(NativeAnswer, body, provider, isPlainNativeMessage);
  return { body, usage: asMessagesUsage(m.usage ?? {}) };
}

/**
 * Reads Anthropic stream events (name + data text) as a native stream delivers them: every event passes on
 * unchanged; only message_start and message_delta are parsed (for usage) and an `error` event becomes
 * the GatewayError it stands for. The event name is the SSE `event:` when present, else the data's `type`.
 */
export function createAnthropicEventReader(provider: string): NativeStreamReader & {
  onAnthropicEvent(name: string | undefined, data: string): NativeEvent[];
} {
  let usage: UsageReport = {};
  let done = false;
  const onAnthropicEvent = (name: string | undefined, data: string): NativeEvent[] => {
    const event = name ?? parseUpstreamText(StreamEventHead, data, provider).type;
    switch (event) {
      case "message_start": {
        const e = parseUpstreamText(UsageCarrier, data, provider);
        usage = merge(usage, e.message?.usage);
        break;
      }
      case "message_delta":
        usage = merge(usage, parseUpstreamText(UsageCarrier, data, provider).usage);
        break;
      case "message_stop":
        done = true;
        break;
      case "error":
        throw anthropicStreamError(data, { provider });
    }
    return [{ event, data }];
  };
  return {
    onAnthropicEvent,
    onEvent: (ev) => onAnthropicEvent(ev.event, ev.data),
    usage: () => asMessagesUsage(usage),
    get done() {
      return done;
    },
  };
}
