/**
 * Anthropic Messages API at the edge of the spine. Translated path (any chat provider): toChatRequest →
 * the chat pipeline → toMessage, or createMessagesStreamEncoder for streams. Native path (Claude):
 * the NativeMessagesBuilder in each Claude-serving provider folder (`messages.ts`). Errors in Anthropic's
 * shape: anthropicErrorResponse / anthropicErrorEvent. count_tokens for non-Claude targets: estimateInputTokens.
 */
export * from "./to-chat-request.js";
export * from "./from-chat-completion.js";
export * from "./stream-encoder.js";
export * from "./stop-reason.js";
export * from "./usage.js";
export * from "./error.js";
export * from "./sse.js";
export * from "./count-tokens.js";
export * from "../../providers/shared/native-messages.js";
export * from "../../providers/shared/native-messages-usage.js";
export * from "../../providers/shared/anthropic-betas.js";
export * from "../../providers/shared/json-members.js";
