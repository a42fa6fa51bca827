import type { RequestLog } from "../request-log.js";

/** LiteLLM's call_type for an operation. */
const CALL_TYPES: Record<string, string> = {
  chat_completion: "acompletion",
  completion: "atext_completion",
  embedding: "aembedding",
  image_generation: "aimage_generation",
  transcription: "atranscription",
  speech: "aspeech",
  rerank: "arerank",
  responses: "aresponses",
  messages: "anthropic_messages",
};

export function callTypeOf(operation: string): string {
  return CALL_TYPES[operation] ?? operation;
}

const seconds = (ms: number) => ms / 1000;

/**
 * LiteLLM's StandardLoggingPayload for one finished request (the generic API logger's body,
 * field names as LiteLLM documents them). Times are epoch seconds, cost is USD. With
 * `redactUserInfo` the key, user and team fields are null. No key and no secret is ever here;
 * `messages` and `response` only when message logging is on.
 */
export function standardLoggingPayload(log: RequestLog, opts: { redactUserInfo: boolean }): Record<string, unknown> {
  const who = !opts.redactUserInfo;
  const failed = log.status >= 400;
  const end = log.created_at + log.latency_ms;
  const model = log.model ?? log.requested_model ?? "";
  return {
    id: log.request_id,
    trace_id: log.request_id,
    call_type: callTypeOf(log.operation),
    stream: log.stream,
    response_cost: log.cost_micros / 1_000_000,
    response_cost_failure_debug_info: null,
    status: failed ? "failure" : "success",
    status_fields: { llm_api_status: failed ? "failure" : "success", guardrail_status: "not_run" },
    custom_llm_provider: log.provider,
    total_tokens: log.prompt_tokens + log.completion_tokens,
    prompt_tokens: log.prompt_tokens,
    completion_tokens: log.completion_tokens,
    startTime: seconds(log.created_at),
    endTime: seconds(end),
    completionStartTime: seconds(log.ttft_ms === null ? end : log.created_at + log.ttft_ms),
    response_time: seconds(log.latency_ms),
    model_map_information: { model_map_key: model, model_map_value: null },
    model,
    model_id: log.deployment_id,
    model_group: log.model_group,
    api_base: log.api_base_host ?? "",
    metadata: {
      user_api_key_hash: who ? log.key_hash : null,
      user_api_key_alias: who ? log.key_alias : null,
      user_api_key_team_id: who ? log.team_id : null,
      user_api_key_team_alias: who ? log.team_alias : null,
      user_api_key_user_id: who ? log.user_id : null,
      user_api_key_org_id: null,
      user_api_key_user_email: null,
      user_api_key_end_user_id: who ? log.end_user : null,
      user_api_key_request_route: null,
      spend_logs_metadata: null,
      requester_ip_address: null,
      requester_metadata: log.metadata,
      requester_custom_headers: null,
      applied_guardrails: [],
      usage_object: {
        prompt_tokens: log.prompt_tokens,
        completion_tokens: log.completion_tokens,
        total_tokens: log.prompt_tokens + log.completion_tokens,
        prompt_tokens_details: { cached_tokens: log.cached_tokens },
        completion_tokens_details: { reasoning_tokens: log.reasoning_tokens },
      },
    },
    cache_hit: log.cache_hit,
    cache_key: null,
    saved_cache_cost: 0,
    request_tags: log.tags,
    end_user: who ? log.end_user : null,
    requester_ip_address: null,
    messages: log.content?.messages ?? null,
    response: log.content?.response ?? null,
    error_str: failed ? log.error_message : null,
    error_information: failed
      ? {
          error_code: String(log.status),
          error_class: log.error_class,
          llm_provider: log.provider ?? "",
          traceback: "",
          error_message: log.error_message ?? "",
        }
      : null,
    model_parameters: log.model_parameters,
    hidden_params: {
      model_id: log.deployment_id,
      cache_key: null,
      api_base: log.api_base_host,
      response_cost: String(log.cost_micros / 1_000_000),
      litellm_overhead_time_ms: log.overhead_ms,
      additional_headers: null,
      litellm_model_name: model,
    },
  };
}
