import { z } from "zod";
import { jsonObjectOf, validateAs } from "../../anthropic/parse.js";
import { MessagesRequest } from "../../anthropic/request.js";
import { fastMessagesRequest } from "../../anthropic/fast-messages-request.js";
import type { ChatTranslation } from "../../codecs/messages/to-chat-request.js";
import { GatewayFields } from "../../openai/gateway-fields.js";
import { parseBetaHeader } from "../../providers/shared/anthropic-betas.js";
import type { NativeInput } from "../../providers/shared/native-messages.js";
import type { GatewayRequest } from "../operation.js";

/**
 * A Messages request with the gateway's own fields typed (fallbacks, num_retries, tags, ...: LiteLLM
 * clients send them to /v1/messages too). `user` and `metadata` are Anthropic's here: the end user is
 * `metadata.user_id`.
 */
export const MessagesGatewayRequest = MessagesRequest.extend(
  z.object(GatewayFields).omit({ user: true, metadata: true }).shape,
);
export type MessagesGatewayRequest = z.infer<typeof MessagesGatewayRequest>;

/** The headers a Messages client sends that reach the native path. */
export interface MessagesHeaders {
  /** `anthropic-version`, if sent. */
  version?: string;
  /** `anthropic-beta` values, in order. */
  betas: string[];
}

export function messagesHeadersOf(headers: Headers): MessagesHeaders {
  const version = headers.get("anthropic-version") ?? undefined;
  const betas = parseBetaHeader(headers.get("anthropic-beta"));
  return version ? { version, betas } : { betas };
}

/** The spine's view of a Messages request, the validated request, and the body as received (native path). */
export interface MessagesCall extends GatewayRequest {
  request: MessagesGatewayRequest;
  native: NativeInput;
  /** The chat translation, made on the first attempt that needs it (translated path). */
  translation?: ChatTranslation;
}

/** The longest end-user id the gateway keeps (as chat's `user`). */
const MAX_END_USER = 512;

/** Body text → the request; a 400 in Anthropic's terms naming the field otherwise. */
export function parseMessagesCall(text: string, headers: MessagesHeaders): MessagesCall {
  const json = jsonObjectOf(text);
  const request: MessagesGatewayRequest = fastMessagesRequest(json) ?? validateAs(MessagesGatewayRequest, json);
  const native: NativeInput = { body: text, json, betas: headers.betas };
  if (headers.version) native.anthropicVersion = headers.version;
  return {
    model: request.model,
    stream: request.stream === true,
    user: request.metadata?.user_id?.slice(0, MAX_END_USER) ?? null,
    tags: request.tags,
    fallbacks: request.fallbacks,
    disable_fallbacks: request.disable_fallbacks,
    num_retries: request.num_retries,
    timeout: request.timeout,
    stream_timeout: request.stream_timeout,
    mock_response: request.mock_response,
    mock_testing_fallbacks: request.mock_testing_fallbacks,
    mock_testing_rate_limit_error: request.mock_testing_rate_limit_error,
    mock_timeout: request.mock_timeout,
    request,
    native,
  };
}
