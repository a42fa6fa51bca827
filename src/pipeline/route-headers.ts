import type { RouteTrace } from "../routing/router.js";

/** Response headers that tell the client where its request went. */
export function routeHeaders(trace: RouteTrace, requestId: string): Record<string, string> {
  const h: Record<string, string> = {
    "x-request-id": requestId,
    "x-switchyard-attempted-retries": String(trace.attemptedRetries),
    "x-switchyard-attempted-fallbacks": String(trace.attemptedFallbacks),
  };
  if (trace.deployment) h["x-switchyard-model-id"] = trace.deployment.id;
  if (trace.group) h["x-switchyard-model-group"] = trace.group;
  return h;
}
