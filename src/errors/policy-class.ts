import type { ErrorKind } from "./gateway-error.js";

/**
 * The LiteLLM policy class names an error kind answers to, most specific first:
 * `retry_policy.<Class>Retries` and `allowed_fails_policy.<Class>AllowedFails` look them up in this order.
 */
const CLASSES: Partial<Record<ErrorKind, readonly string[]>> = {
  BadRequestError: ["BadRequestError"],
  ContextWindowExceededError: ["ContextWindowExceededError", "BadRequestError"],
  ContentPolicyViolationError: ["ContentPolicyViolationError", "BadRequestError"],
  AuthenticationError: ["AuthenticationError"],
  PermissionDeniedError: ["PermissionDeniedError"],
  NotFoundError: ["NotFoundError"],
  TimeoutError: ["TimeoutError"],
  RateLimitError: ["RateLimitError"],
  InternalServerError: ["InternalServerError"],
  BadGatewayError: ["BadGatewayError", "InternalServerError"],
  ServiceUnavailableError: ["ServiceUnavailableError", "InternalServerError"],
  APIConnectionError: ["APIConnectionError", "InternalServerError"],
};

/** `policy[<Class><suffix>]` for the first class of `kind` that the policy sets, else `policy.Default<suffix>`. */
export function policyValue(
  policy: Record<string, unknown> | undefined,
  kind: string,
  suffix: "Retries" | "AllowedFails",
): number | undefined {
  if (!policy) return undefined;
  for (const cls of CLASSES[kind as ErrorKind] ?? [kind]) {
    const v = policy[`${cls}${suffix}`];
    if (typeof v === "number") return v;
  }
  const d = policy[`Default${suffix}`];
  return typeof d === "number" ? d : undefined;
}
