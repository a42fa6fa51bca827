import type { LitellmParams } from "./schema.js";

/**
 * Deployment settings that only steer the gateway itself (timeouts, retries, routing weights, prices,
 * limits): nothing of them is sent to a host. Everything else a deployment configures (extra_headers,
 * provider keys, cloud credentials, account ids, unknown keys) is for the configured host only.
 */
const GATEWAY_SETTINGS = [
  "model",
  "timeout",
  "stream_timeout",
  "max_retries",
  "cooldown_time",
  "rpm",
  "tpm",
  "weight",
  "order",
  "input_cost_per_token",
  "output_cost_per_token",
  "allow_client_side_credentials",
  "drop_params",
  "max_tokens",
] as const satisfies ReadonlyArray<keyof LitellmParams>;

/**
 * A deployment's params for a request to a host the client chose (allow_client_side_credentials with
 * the client's api_base and api_key): the client's host, key and version, and none of the configured
 * headers or credentials, which may hold the operator's secrets.
 */
export function paramsForClientHost(
  params: LitellmParams,
  client: { api_base: string; api_key: string; api_version?: string },
): LitellmParams {
  const out: LitellmParams = { model: params.model, api_base: client.api_base, api_key: client.api_key };
  for (const k of GATEWAY_SETTINGS) if (params[k] !== undefined) Object.assign(out, { [k]: params[k] });
  if (client.api_version !== undefined) out.api_version = client.api_version;
  return out;
}
