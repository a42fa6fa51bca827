import { meteredOf } from "../../accounting/metered.js";
import {
  completeTextCompletion,
  replayTextCompletionStream,
  textCompletionAssembler,
  textCompletionOf,
} from "../../cache/text-completion-replay.js";
import type { TextCompletion, TextCompletionRequest } from "../../openai/completions.js";
import type { TextCompletionOut } from "../operations/text-completion.js";
import { jsonAnswer } from "../respond.js";
import { answerCache } from "./answer-cache.js";

/**
 * Legacy text completions in the cache. The key reads the request's own fields (prompt, suffix,
 * echo, logprobs, best_of, ...); the `text_completion` answer is stored as the client got it. A hit
 * answers in the form asked for: JSON, or `text_completion` chunks (with the usage chunk when
 * `stream_options.include_usage`) and `data: [DONE]`.
 */
export const textCompletionCache = answerCache<TextCompletionRequest, TextCompletionOut, TextCompletion>({
  operation: "text_completion",
  body: (r) => r,
  stored: (out) => (out.parts.every((p) => p.result.kind === "json") ? "json" : "sse"),
  parse: completeTextCompletion,
  assembler: (_req, opts) => textCompletionAssembler(opts),
  answerOf: textCompletionOf,
  usage: (c) => c.usage,
  replay(c, close, req, { costMicros }) {
    const usage = meteredOf(c.usage);
    if (req.stream !== true) return jsonAnswer(c, close, usage, costMicros);
    close.finish({ status: 200, usage, costMicros, ttftMs: close.now() - close.startedAt });
    const headers = close.headers;
    headers["content-type"] = "text/event-stream; charset=utf-8";
    headers["cache-control"] = "no-cache";
    const body = replayTextCompletionStream(c, { includeUsage: req.stream_options?.include_usage === true });
    return new Response(body, { status: 200, headers });
  },
});
