import type { RouteOverrides } from "../routing/router.js";
import { configuredRetries } from "../routing/retry.js";
import { timeoutsFor } from "../routing/router.js";
import type { RuntimeConfig } from "../runtime-config.js";
import type { RequestFacts } from "./account.js";

/**
 * Response headers that tell the client where its request went: Switchyard's, and LiteLLM's names
 * for the same facts (clients and dashboards built on LiteLLM read them) unless
 * `general_settings.litellm_headers: false`. The upstream's address is never among them.
 */
export function routeHeaders(
  f: RequestFacts,
  o: { config: RuntimeConfig; now: number; overrides?: RouteOverrides },
): Record<string, string> {
  const t = f.trace;
  const d = t.deployment;
  const h: Record<string, string> = {
    "x-request-id": f.requestId,
    "x-switchyard-attempted-retries": String(t.attemptedRetries),
    "x-switchyard-attempted-fallbacks": String(t.attemptedFallbacks),
  };
  if (d) h["x-switchyard-model-id"] = d.id;
  if (t.group) h["x-switchyard-model-group"] = t.group;
  if (o.config.raw.general_settings.litellm_headers === false) return h;
  const overrides = o.overrides ?? {};
  h["x-litellm-call-id"] = f.requestId;
  if (d) h["x-litellm-model-id"] = d.id;
  if (t.group) h["x-litellm-model-group"] = t.group;
  h["x-litellm-attempted-retries"] = String(t.attemptedRetries);
  h["x-litellm-attempted-fallbacks"] = String(t.attemptedFallbacks);
  h["x-litellm-max-retries"] = String(configuredRetries(o.config, overrides));
  if (d) h["x-litellm-timeout"] = String((timeoutsFor(o.config, d, overrides).timeoutMs ?? 0) / 1000);
  const duration = Math.max(0, Math.round(o.now - f.startedAt));
  h["x-litellm-response-duration-ms"] = String(duration);
  if (t.upstreamMs !== undefined) {
    h["x-litellm-overhead-duration-ms"] = String(Math.max(0, duration - Math.round(t.upstreamMs)));
  }
  return h;
}
