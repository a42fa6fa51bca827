import { z } from "zod";
import { ObservabilityGeneralSettings, ObservabilityLitellmSettings } from "./observability-schema.js";
import { CacheParams } from "./cache-params.js";

/** LiteLLM-compatible config.yaml. Known keys are typed; unknown keys are kept and warned about (see warnings.ts). */

const Num = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);

export const LitellmParams = z.looseObject({
  model: z.string().regex(/^[A-Za-z0-9_.-]+\/.+$/, 'expected "provider/model"'),
  api_key: z.string().optional(),
  api_base: z.string().url().optional(),
  api_version: z.string().optional(),
  timeout: Num.pipe(z.number().positive()).optional(),
  stream_timeout: Num.pipe(z.number().positive()).optional(),
  max_retries: z.number().int().min(0).optional(),
  /** Seconds this deployment stays out of rotation after failing (0 = never cooled). */
  cooldown_time: Num.pipe(z.number().min(0)).optional(),
  rpm: z.number().int().positive().optional(),
  tpm: z.number().int().positive().optional(),
  weight: z.number().positive().optional(),
  order: z.number().int().min(1).optional(),
  input_cost_per_token: z.number().min(0).optional(),
  output_cost_per_token: z.number().min(0).optional(),
  extra_headers: z.record(z.string(), z.string()).optional(),
  allow_client_side_credentials: z.boolean().optional(),
  drop_params: z.boolean().optional(),
  // Provider-specific (validated by each adapter where it matters)
  vertex_project: z.string().optional(),
  vertex_location: z.string().optional(),
  vertex_credentials: z.string().optional(),
  aws_access_key_id: z.string().optional(),
  aws_secret_access_key: z.string().optional(),
  aws_session_token: z.string().optional(),
  aws_region_name: z.string().optional(),
  account_id: z.string().optional(),
  max_tokens: z.number().int().positive().optional(),
  /** A canned chat answer: the deployment answers with it and calls no upstream (LiteLLM's mock_response). */
  mock_response: z.string().optional(),
  /** `anthropic-beta` values a Claude deployment passes on from Messages clients ("*": all); unset: the provider's list. */
  allowed_anthropic_betas: z.array(z.string().min(1)).optional(),
});
export type LitellmParams = z.infer<typeof LitellmParams>;

export const ModelInfo = z.looseObject({
  id: z.string().optional(),
  mode: z.string().optional(),
  base_model: z.string().optional(),
  max_tokens: z.number().int().optional(),
  max_input_tokens: z.number().int().optional(),
  max_output_tokens: z.number().int().optional(),
  input_cost_per_token: z.number().optional(),
  output_cost_per_token: z.number().optional(),
  /** The model takes `reasoning_effort` (an OpenAI-style vendor then gets `thinking` as an effort). */
  supports_reasoning: z.boolean().optional(),
  /** Model access groups this deployment's group belongs to: keys and teams may name a group in `models`. */
  access_groups: z.array(z.string().min(1)).optional(),
});

export const ModelEntry = z.looseObject({
  model_name: z.string().min(1),
  litellm_params: LitellmParams,
  model_info: ModelInfo.optional(),
});
export type ModelEntry = z.infer<typeof ModelEntry>;

const FallbackList = z.array(z.record(z.string(), z.array(z.string())));

export const RetryPolicy = z.looseObject({
  BadRequestErrorRetries: z.number().int().min(0).optional(),
  AuthenticationErrorRetries: z.number().int().min(0).optional(),
  TimeoutErrorRetries: z.number().int().min(0).optional(),
  RateLimitErrorRetries: z.number().int().min(0).optional(),
  ContentPolicyViolationErrorRetries: z.number().int().min(0).optional(),
  InternalServerErrorRetries: z.number().int().min(0).optional(),
});
export type RetryPolicy = z.infer<typeof RetryPolicy>;

export const AllowedFailsPolicy = z.looseObject({
  BadRequestErrorAllowedFails: z.number().int().min(0).optional(),
  AuthenticationErrorAllowedFails: z.number().int().min(0).optional(),
  TimeoutErrorAllowedFails: z.number().int().min(0).optional(),
  RateLimitErrorAllowedFails: z.number().int().min(0).optional(),
  ContentPolicyViolationErrorAllowedFails: z.number().int().min(0).optional(),
  InternalServerErrorAllowedFails: z.number().int().min(0).optional(),
});
export type AllowedFailsPolicy = z.infer<typeof AllowedFailsPolicy>;

export const RoutingStrategy = z.enum([
  "simple-shuffle",
  "least-busy",
  "usage-based-routing",
  "usage-based-routing-v2",
  "latency-based-routing",
  "cost-based-routing",
]);
export type RoutingStrategy = z.infer<typeof RoutingStrategy>;

export const RouterSettings = z.looseObject({
  routing_strategy: RoutingStrategy.optional(),
  routing_strategy_args: z
    .looseObject({ lowest_latency_buffer: z.number().min(0).optional(), ttl: z.number().optional() })
    .optional(),
  num_retries: z.number().int().min(0).optional(),
  timeout: Num.pipe(z.number().positive()).optional(),
  stream_timeout: Num.pipe(z.number().positive()).optional(),
  allowed_fails: z.number().int().min(0).optional(),
  cooldown_time: Num.pipe(z.number().min(0)).optional(),
  retry_after: z.number().min(0).optional(),
  retry_policy: RetryPolicy.optional(),
  allowed_fails_policy: AllowedFailsPolicy.optional(),
  fallbacks: FallbackList.optional(),
  context_window_fallbacks: FallbackList.optional(),
  content_policy_fallbacks: FallbackList.optional(),
  default_fallbacks: z.array(z.string()).optional(),
  max_fallbacks: z.number().int().min(0).optional(),
  model_group_alias: z
    .record(z.string(), z.union([z.string(), z.looseObject({ model: z.string(), hidden: z.boolean().optional() })]))
    .optional(),
  disable_cooldowns: z.boolean().optional(),
});
export type RouterSettings = z.infer<typeof RouterSettings>;

export const LitellmSettings = z.looseObject({
  drop_params: z.boolean().optional(),
  request_timeout: Num.pipe(z.number().positive()).optional(),
  num_retries: z.number().int().min(0).optional(),
  allowed_fails: z.number().int().min(0).optional(),
  cooldown_time: Num.pipe(z.number().min(0)).optional(),
  fallbacks: FallbackList.optional(),
  context_window_fallbacks: FallbackList.optional(),
  content_policy_fallbacks: FallbackList.optional(),
  default_fallbacks: z.array(z.string()).optional(),
  set_verbose: z.boolean().optional(),
  json_logs: z.boolean().optional(),
  turn_off_message_logging: z.boolean().optional(),
  ...ObservabilityLitellmSettings,
  /** The response cache (LiteLLM's switch); its settings are `cache_params` (src/config/cache-params.ts). */
  cache: z.boolean().optional(),
  cache_params: CacheParams.optional(),
});
export type LitellmSettings = z.infer<typeof LitellmSettings>;

export const GeneralSettings = z.looseObject({
  master_key: z.string().min(1).optional(),
  max_request_size_mb: z.number().positive().optional(),
  store_prompts_in_spend_logs: z.boolean().optional(),
  /** LiteLLM's x-litellm-* response headers beside Switchyard's (default on). */
  litellm_headers: z.boolean().optional(),
  /** Whether requests may carry LiteLLM's test parameters (mock_response, mock_testing_*, mock_timeout); default yes. */
  allow_mock_requests: z.boolean().optional(),
  ...ObservabilityGeneralSettings,
  /** Days a stored Responses API response (store: true) is kept; 30 like OpenAI when unset. */
  responses_retention_days: Num.pipe(z.number().positive()).optional(),
});
export type GeneralSettings = z.infer<typeof GeneralSettings>;

export const GatewayConfig = z.looseObject({
  model_list: z.array(ModelEntry).default([]),
  litellm_settings: LitellmSettings.default({}),
  router_settings: RouterSettings.default({}),
  general_settings: GeneralSettings.default({}),
  environment_variables: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String))
    .default({}),
});
export type GatewayConfig = z.infer<typeof GatewayConfig>;
