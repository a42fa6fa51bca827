import type { Deployment } from "../../providers/deployment.js";
import { BadRequestError } from "../../errors/gateway-error.js";
import { GATEWAY_ONLY_FIELDS } from "../../openai/gateway-fields.js";
import { azureV1Base } from "../../providers/azure/url.js";
import { VENDORS } from "../../providers/openai-compatible/vendors.js";
import type { UpstreamRequest } from "../../providers/provider.js";
import type { ResponseCreateRequest } from "../../responses/request.js";

/**
 * The native path: a deployment whose provider runs the Responses API itself gets the client's request
 * with only the model id and the credentials changed, and its answer and events go back as they are.
 * A provider qualifies by having a row here (data, not code paths): its base URL and auth header.
 */
export interface NativeResponsesEndpoint {
  /** `{base}/responses` and the auth headers of this deployment; a 400 naming what is missing. */
  locate(d: Deployment): { base: string; query: string; headers: Record<string, string> };
}

const OPENAI_BASE = VENDORS.find((v) => v.name === "openai")?.baseUrl ?? "https://api.openai.com/v1";

const openai: NativeResponsesEndpoint = {
  locate(d) {
    const key = d.params.api_key;
    if (!key) throw missing(d, "api_key", "OPENAI_API_KEY");
    return { base: trim(d.params.api_base ?? OPENAI_BASE), query: "", headers: { authorization: `Bearer ${key}` } };
  },
};

/** Azure OpenAI's v1 route, {resource}/openai/v1/responses (model = the Azure deployment name, in the body). */
const azure: NativeResponsesEndpoint = {
  locate(d) {
    const { api_base: apiBase, api_key: key, api_version: version } = d.params;
    if (!apiBase) throw missing(d, "api_base", "AZURE_API_BASE");
    if (!key) throw missing(d, "api_key", "AZURE_API_KEY");
    return { ...azureV1Base(apiBase, version), headers: { "api-key": key } };
  },
};

const NATIVE: Readonly<Record<string, NativeResponsesEndpoint>> = { openai, azure };

/** The native endpoint of a provider, or undefined: that provider is reached through translation. */
export function nativeResponsesEndpoint(provider: string): NativeResponsesEndpoint | undefined {
  return Object.hasOwn(NATIVE, provider) ? NATIVE[provider] : undefined;
}

/** POST {base}/responses: the request as sent, gateway-only fields removed, the vendor's model id. */
export function nativeCreateRequest(opts: {
  endpoint: NativeResponsesEndpoint;
  deployment: Deployment;
  request: ResponseCreateRequest;
}): UpstreamRequest {
  const { base, query, headers } = opts.endpoint.locate(opts.deployment);
  const body: Record<string, unknown> = { ...opts.request, model: opts.deployment.model };
  for (const f of GATEWAY_ONLY_FIELDS) delete body[f];
  return {
    url: `${base}/responses${query}`,
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  };
}

/** GET {base}/responses/{id}, POST {base}/responses/{id}/cancel, DELETE {base}/responses/{id} upstream. */
export function nativeResponseRequest(opts: {
  endpoint: NativeResponsesEndpoint;
  deployment: Deployment;
  id: string;
  action: "retrieve" | "cancel" | "delete";
}): { url: string; method: "GET" | "POST" | "DELETE"; headers: Record<string, string> } {
  const { base, query, headers } = opts.endpoint.locate(opts.deployment);
  const path = `${base}/responses/${encodeURIComponent(opts.id)}`;
  if (opts.action === "cancel") return { url: `${path}/cancel${query}`, method: "POST", headers };
  return { url: `${path}${query}`, method: opts.action === "retrieve" ? "GET" : "DELETE", headers };
}

function trim(base: string): string {
  return base.replace(/\/+$/, "");
}

function missing(d: Deployment, param: string, env: string) {
  return new BadRequestError(
    `model "${d.modelName}" (${d.provider}) has no ${param} (set litellm_params.${param} or ${env})`,
    { code: `missing_${param}` },
  );
}
