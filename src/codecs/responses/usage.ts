import type { Usage } from "../../openai/chat-response.js";
import type { ResponseUsage } from "../../responses/response.js";

/** Chat usage → Responses usage (cached input and reasoning output tokens always present, 0 when unknown). */
export function responseUsage(u: Usage): ResponseUsage {
  return {
    input_tokens: u.prompt_tokens,
    input_tokens_details: { cached_tokens: u.prompt_tokens_details?.cached_tokens ?? 0 },
    output_tokens: u.completion_tokens,
    output_tokens_details: { reasoning_tokens: u.completion_tokens_details?.reasoning_tokens ?? 0 },
    total_tokens: u.total_tokens,
  };
}

/** Responses usage → chat usage, for the gateway's cost and spend accounting (native answers). */
export function chatUsage(u: ResponseUsage): Usage {
  const out: Usage = {
    prompt_tokens: u.input_tokens,
    completion_tokens: u.output_tokens,
    total_tokens: u.total_tokens,
  };
  const cached = u.input_tokens_details?.cached_tokens;
  if (cached) out.prompt_tokens_details = { cached_tokens: cached };
  const reasoning = u.output_tokens_details?.reasoning_tokens;
  if (reasoning) out.completion_tokens_details = { reasoning_tokens: reasoning };
  return out;
}
