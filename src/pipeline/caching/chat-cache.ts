import { meteredOf } from "../../accounting/metered.js";
import { replayChatStream } from "../../cache/chat-replay.js";
import type { ChatCompletionRequest } from "../../openai/chat-request.js";
import type { CallResult } from "../../upstream/call-provider.js";
import { jsonAnswer } from "../respond.js";
import { chatFormCache } from "./chat-form-cache.js";

/**
 * Chat completions in the cache. A JSON answer is stored as it is; a streamed one is recorded as
 * it passes to the client. A hit answers in the form asked for: JSON, or the stored completion
 * replayed as OpenAI's chunks (with the usage chunk when `stream_options.include_usage`). Mock
 * answers (`mock_response`) are never stored.
 */
export const chatCache = chatFormCache<ChatCompletionRequest, CallResult>({
  operation: "chat",
  body: (r) => r,
  stored: (out) => (out.free ? undefined : out.kind === "json" ? { completion: out.completion } : "chat-sse"),
  replay(c, close, req, costMicros) {
    const usage = meteredOf(c.usage);
    if (req.stream !== true) return jsonAnswer(c, close, usage, costMicros);
    close.finish({ status: 200, usage, costMicros, ttftMs: close.now() - close.startedAt });
    const headers = close.headers;
    headers["content-type"] = "text/event-stream; charset=utf-8";
    headers["cache-control"] = "no-cache";
    const body = replayChatStream(c, { includeUsage: req.stream_options?.include_usage === true });
    return new Response(body, { status: 200, headers });
  },
});
