import { paramsForClientHost } from "../config/client-host-params.js";
import type { Deployment } from "../providers/deployment.js";
import { BadRequestError } from "../errors/gateway-error.js";
import type { ChatCompletionRequest } from "../openai/chat-request.js";
import { CLIENT_CREDENTIAL_FIELDS, GATEWAY_ONLY_FIELDS } from "../openai/gateway-fields.js";

/** Values equal to OpenAI's defaults ask for nothing a vendor could lack (e.g. `n: 1`). */
const DEFAULT_VALUES: Readonly<Record<string, unknown>> = { n: 1, logprobs: false, parallel_tool_calls: true };

/**
 * The request as one deployment's adapter sees it: gateway-only fields removed, params the
 * vendor cannot express dropped (drop_params) or refused with a 400 naming them, and
 * client-side credentials applied only where the deployment allows them.
 */
export function prepareForDeployment<Req extends object = ChatCompletionRequest>(opts: {
  request: Req;
  /** The operation's adapter: which request params this deployment cannot express. */
  adapter: { unsupportedParams?(deployment: Deployment): readonly string[] };
  deployment: Deployment;
  dropParams: boolean;
}): { request: Req; deployment: Deployment } {
  const { adapter } = opts;
  let deployment = opts.deployment;
  const body: Record<string, unknown> = { ...(opts.request as Record<string, unknown>) };
  const client: Record<string, string> = {};
  for (const f of CLIENT_CREDENTIAL_FIELDS) {
    const v = body[f];
    if (v !== undefined && v !== null) client[f] = String(v);
  }
  for (const f of GATEWAY_ONLY_FIELDS) delete body[f];
  if (Object.keys(client).length) {
    if (!deployment.params.allow_client_side_credentials) {
      const f = Object.keys(client)[0]!;
      throw new BadRequestError(
        `"${f}" may not be set by the client for model "${deployment.modelName}"; the gateway holds the provider credentials`,
        { param: f, code: "client_credentials_not_allowed" },
      );
    }
    const base = client.api_base ?? client.base_url;
    if (base && !client.api_key) {
      throw new BadRequestError(`a client-side api_base must come with the client's own api_key`, {
        param: "api_key",
        code: "client_credentials_not_allowed",
      });
    }
    const params = { ...deployment.params };
    if (client.api_key) params.api_key = client.api_key;
    if (base) params.api_base = base;
    if (client.api_version) params.api_version = client.api_version;
    deployment = {
      ...deployment,
      // A client-chosen host gets nothing configured (extra_headers, credentials): src/config/client-host-params.ts
      params:
        base && client.api_key
          ? paramsForClientHost(deployment.params, { ...client, api_base: base, api_key: client.api_key })
          : params,
    };
  }
  const drop = opts.dropParams || deployment.params.drop_params === true;
  // Adapters that decide on parameter values (not just presence) read the effective setting here.
  if (drop && deployment.params.drop_params !== true)
    deployment = { ...deployment, params: { ...deployment.params, drop_params: true } };
  for (const p of adapter.unsupportedParams?.(deployment) ?? []) {
    if (body[p] === undefined || body[p] === null) continue;
    if (drop || DEFAULT_VALUES[p] === body[p]) delete body[p];
    else {
      throw new BadRequestError(
        `${deployment.provider} does not support the parameter "${p}" (model "${deployment.modelName}"); remove it or set litellm_settings.drop_params: true`,
        {
          param: p,
          code: "unsupported_parameter",
        },
      );
    }
  }
  return { request: body as Req, deployment };
}
