import { meteredOf } from "../../accounting/metered.js";
import {
  completeResponse,
  replayedResponse,
  replayResponseStream,
  responseOf,
  responsesAssembler,
} from "../../cache/responses-replay.js";
import { chatUsage } from "../../codecs/responses/usage.js";
import type { ResponseObject } from "../../responses/response.js";
import { clientRequest, type ResponsesAnswer, type ResponsesCall } from "../operations/responses/responses-call.js";
import { streamHeaders } from "../operations/responses/stream-headers.js";
import { jsonAnswer } from "../respond.js";
import { answerCache } from "./answer-cache.js";

/**
 * The Responses API in the cache, for stateless requests only (`store: false`, nothing to continue,
 * not background: src/cache/cache-plan.ts), on both paths (native and translated). The key reads the
 * request's own fields (input, instructions, tools, text, reasoning, ...); the completed Response is
 * stored as the client got it. A hit answers under a fresh response id, as JSON or as the event stream.
 */
export const responsesCache = answerCache<ResponsesCall, ResponsesAnswer, ResponseObject>({
  operation: "responses",
  body: (r) => clientRequest(r),
  stored: (out) => (out.result.kind === "json" ? "json" : "sse"),
  parse: (json) => completeResponse(json),
  assembler: () => responsesAssembler(),
  answerOf: responseOf,
  usage: (r) => (r.usage ? chatUsage(r.usage) : undefined),
  replay(stored, close, req, { costMicros, deps }) {
    const r = replayedResponse(stored, {
      id: deps.id("resp"),
      createdAt: Math.floor(deps.now() / 1000),
      metadata: req.metadata,
      user: req.user,
    });
    const usage = meteredOf(r.usage ? chatUsage(r.usage) : undefined);
    if (req.stream !== true) return jsonAnswer(r, close, usage, costMicros);
    close.finish({ status: 200, usage, costMicros, ttftMs: close.now() - close.startedAt });
    return new Response(replayResponseStream(r), { status: 200, headers: streamHeaders(close) });
  },
});
