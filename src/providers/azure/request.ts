import { BadRequestError } from "../../errors/gateway-error.js";
import type { Deployment } from "../deployment.js";
import { azureOperationUrl } from "./url.js";

/**
 * Where and how one Azure OpenAI call goes: the operation's URL in the deployment's layout
 * (`v1`: the model travels in the body) and the `api-key` header. api_base and api_key are required.
 */
export function azureTarget(
  d: Deployment,
  path: string,
): { url: string; v1: boolean; headers: Record<string, string> } {
  const p = d.params;
  if (!p.api_base)
    throw new BadRequestError(`model "${d.modelName}" (azure) needs api_base`, { code: "missing_api_base" });
  if (!p.api_key)
    throw new BadRequestError(
      `model "${d.modelName}" (azure) has no api_key (set litellm_params.api_key or AZURE_API_KEY)`,
      { code: "missing_api_key" },
    );
  const { url, v1 } = azureOperationUrl({ apiBase: p.api_base, deployment: d.model, apiVersion: p.api_version, path });
  return { url, v1, headers: { "content-type": "application/json", "api-key": p.api_key } };
}
