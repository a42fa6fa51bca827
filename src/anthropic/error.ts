import { z } from "zod";

/** Anthropic's error types, as its API and SDKs name them. */
export const AnthropicErrorType = z.enum([
  "invalid_request_error",
  "authentication_error",
  "billing_error",
  "permission_error",
  "not_found_error",
  "request_too_large",
  "rate_limit_error",
  "timeout_error",
  "api_error",
  "overloaded_error",
]);
export type AnthropicErrorType = z.infer<typeof AnthropicErrorType>;

/** `{"type":"error","error":{"type","message"},"request_id"?}`: error responses and the in-stream `error` event. */
export const AnthropicErrorBody = z.looseObject({
  type: z.literal("error"),
  error: z.looseObject({ type: z.string(), message: z.string() }),
  request_id: z.string().nullish(),
});
export type AnthropicErrorBody = z.infer<typeof AnthropicErrorBody>;
