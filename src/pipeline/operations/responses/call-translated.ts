import type { ResponseContext } from "../../../codecs/responses/response-shell.js";
import { toChatRequest } from "../../../codecs/responses/to-chat-request.js";
import { BadRequestError } from "../../../errors/gateway-error.js";
import { conversationItems } from "../../../responses/conversation.js";
import { callProvider } from "../../../upstream/call-provider.js";
import type { AttemptContext } from "../../operation.js";
import { prepareForDeployment } from "../../prepare-request.js";
import { clientRequest, conversationOf, type ResponsesAnswer, type ResponsesCall } from "./responses-call.js";

/**
 * One attempt through translation: the Responses request (after its stored conversation) becomes a chat
 * request, the deployment's chat adapter runs it as chat completions do, and `respond` turns the answer or
 * chunks back into a Response or its events (respond-translated.ts). What only OpenAI can carry (hosted
 * tools, background, their items) is a 400 naming it, from the translation.
 */
export async function callTranslated(ctx: AttemptContext<ResponsesCall>): Promise<ResponsesAnswer> {
  const { deps, deployment } = ctx;
  const conversation = conversationOf(ctx.request);
  const request = clientRequest(ctx.request);
  if (!conversation.chain)
    throw new BadRequestError(
      `previous_response_id needs the gateway's response storage, which is not configured (${deployment.provider} model "${deployment.modelName}" cannot continue a conversation the gateway has not stored)`,
      { param: "previous_response_id", code: "response_storage_unavailable" },
    );
  const chat = toChatRequest({
    request,
    history: conversationItems(conversation.chain),
    target: { name: `${deployment.provider} model "${deployment.modelName}"`, provider: deployment.provider },
  });
  const adapter = deployment.adapter.chat!;
  const prepared = prepareForDeployment({ request: chat, adapter, deployment, dropParams: deps.config.dropParams });
  const result = await callProvider({
    adapter,
    timeouts: ctx.timeouts,
    clientSignal: ctx.signal,
    ctx: {
      deployment: prepared.deployment,
      request: prepared.request,
      stream: request.stream === true,
      fetch: deps.fetch,
      now: deps.now,
      requestId: ctx.requestId,
      cache: deps.providerCache,
      bindings: deps.bindings,
    },
  });
  const context: ResponseContext = {
    request,
    id: conversation.id,
    createdAt: conversation.createdAt,
    model: request.model,
    provider: deployment.provider,
    itemId: (prefix) => deps.id(prefix),
  };
  return { path: "translated", deployment, result, context };
}
