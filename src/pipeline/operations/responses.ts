import { responsesCache } from "../caching/responses-cache.js";
import { nativeResponsesEndpoint } from "../../codecs/responses/native.js";
import { parseResponsesRequest } from "../../responses/parse.js";
import type { Operation } from "../operation.js";
import { jsonText } from "../respond.js";
import { callNative } from "./responses/call-native.js";
import { callTranslated } from "./responses/call-translated.js";
import { responsesCostBound } from "./responses/cost-bound.js";
import { prepareConversation } from "./responses/prepare-conversation.js";
import { respondNative } from "./responses/respond-native.js";
import { respondTranslated } from "./responses/respond-translated.js";
import { conversationOf, type ResponsesAnswer, type ResponsesCall } from "./responses/responses-call.js";

/**
 * POST /v1/responses. A deployment whose provider runs the Responses API itself (a row in
 * codecs/responses/native.ts: openai, azure) gets the request natively and its answer passes through;
 * every other deployment is reached through its chat adapter, translated both ways. The conversation a
 * `previous_response_id` continues is the caller's stored one, loaded once before the first attempt.
 */
export const responsesOperation: Operation<ResponsesCall, ResponsesAnswer> = {
  name: "responses",
  parse: (body) => parseResponsesRequest(jsonText(body)),
  model: (r) => r.model,
  stream: (r) => r.stream === true,
  costBound: (r, deployments, body) => responsesCostBound(r, deployments, jsonText(body)),
  prepare: prepareConversation,

  async call(ctx) {
    const endpoint = nativeResponsesEndpoint(ctx.deployment.provider);
    return endpoint ? callNative(ctx, endpoint) : callTranslated(ctx);
  },

  respond(out, close, request) {
    const conversation = conversationOf(request);
    return out.path === "native"
      ? respondNative(out, close, conversation)
      : respondTranslated(out, close, conversation);
  },
  cache: responsesCache,
};
