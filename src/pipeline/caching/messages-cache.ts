import { meteredOf } from "../../accounting/metered.js";
import type { Message } from "../../anthropic/response.js";
import { completeMessage, messageOf, messagesAssembler, replayMessageStream } from "../../cache/messages-replay.js";
import { chatUsageOf } from "../../codecs/messages/index.js";
import type { MessagesResult } from "../operations/messages.js";
import type { MessagesCall } from "../operations/messages-request.js";
import { jsonAnswer } from "../respond.js";
import { answerCache } from "./answer-cache.js";

/**
 * Anthropic's Messages API in the cache, on both paths (native and translated). The key reads the
 * Messages request's own fields (system, messages, tools, thinking, max_tokens, stop_sequences, ...)
 * and the `anthropic-beta` features it asked for; `metadata` (the end user) is left out. The Message
 * is stored as the client got it; a hit answers as a Message, or as Anthropic's event stream.
 * Mock answers are never stored.
 */
export const messagesCache = answerCache<MessagesCall, MessagesResult, Message>({
  operation: "messages",
  body: (r) => (r.native.betas.length ? { ...r.request, anthropic_beta: r.native.betas } : r.request),
  stored(out) {
    if (out.path === "native") return out.answer.kind === "json" ? "json" : "sse";
    if (out.free) return undefined;
    return out.kind === "json" ? "json" : "sse";
  },
  parse: completeMessage,
  assembler: (_req, opts) => messagesAssembler(opts),
  answerOf: messageOf,
  usage: (m) => chatUsageOf(m.usage),
  replay(m, close, req, { costMicros }) {
    const headers = close.headers;
    headers["request-id"] = headers["x-request-id"] ?? "";
    const usage = meteredOf(chatUsageOf(m.usage));
    if (req.stream !== true) return jsonAnswer(m, close, usage, costMicros);
    close.finish({ status: 200, usage, costMicros, ttftMs: close.now() - close.startedAt });
    headers["content-type"] = "text/event-stream; charset=utf-8";
    headers["cache-control"] = "no-cache";
    return new Response(replayMessageStream(m), { status: 200, headers });
  },
});
