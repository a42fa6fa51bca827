import { BadRequestError } from "../../errors/gateway-error.js";
import type { Deployment } from "../deployment.js";
import { azureUrl } from "./url.js";

/**
 * Where and how an Azure OpenAI operation is sent: the deployment's URL for `path` (classic or v1
 * layout) and the `api-key` header; api_base and api_key are required (400 naming them).
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
  const { url, v1 } = azureUrl(p.api_base, d.model, p.api_version, path);
  return { url, v1, headers: { "api-key": p.api_key } };
}
