import { z } from "zod";
import { MAX_TAG_LENGTH, MAX_TAGS } from "./client-limits.js";

/**
 * Request fields the gateway itself reads (LiteLLM's names), shared by every operation's request
 * schema. They are typed here so a client value reaches routing, accounting or a provider only
 * through a validated type, and they are removed before a request reaches a provider.
 */
export const GatewayFields = {
  user: z.string().max(512).nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  tags: z.array(z.string().max(MAX_TAG_LENGTH)).max(MAX_TAGS).nullish(),
  fallbacks: z
    .array(z.union([z.string(), z.record(z.string(), z.unknown())]))
    .max(32)
    .nullish(),
  disable_fallbacks: z.boolean().nullish(),
  num_retries: z.number().int().min(0).max(10).nullish(),
  timeout: z.number().positive().nullish(),
  stream_timeout: z.number().positive().nullish(),
  // Client-side credentials (refused unless the deployment allows them; see pipeline/prepare-request.ts).
  api_base: z.string().max(2048).nullish(),
  base_url: z.string().max(2048).nullish(),
  api_key: z.string().max(4096).nullish(),
  api_version: z.string().max(64).nullish(),
  // LiteLLM's test parameters (pipeline/mock-call.ts).
  mock_response: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
  mock_testing_fallbacks: z.boolean().nullish(),
  mock_testing_rate_limit_error: z.boolean().nullish(),
  mock_timeout: z.boolean().nullish(),
} as const;

/** Fields the gateway itself consumes; never forwarded upstream. */
export const GATEWAY_ONLY_FIELDS = [
  "fallbacks",
  "disable_fallbacks",
  "num_retries",
  "timeout",
  "stream_timeout",
  "tags",
  "api_base",
  "base_url",
  "api_key",
  "api_version",
  "mock_response",
  "mock_testing_fallbacks",
  "mock_testing_rate_limit_error",
  "mock_timeout",
  "caching",
  "cache",
  "context_window_fallback_dict",
] as const;

/** The client-credential fields, in the order they are reported. */
export const CLIENT_CREDENTIAL_FIELDS = ["api_base", "base_url", "api_key", "api_version"] as const;
