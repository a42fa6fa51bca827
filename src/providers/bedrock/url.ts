import type { Deployment } from "../deployment.js";

/** LiteLLM's default when no region is configured. */
export const DEFAULT_REGION = "us-west-2";

/** Vendor model id: `bedrock/converse/<id>` is accepted as an explicit route and means the same as `bedrock/<id>`. */
export function modelIdOf(model: string): string {
  return model.startsWith("converse/") ? model.slice("converse/".length) : model;
}

function regionFromHost(base: string | undefined): string | undefined {
  if (!base) return undefined;
  try {
    return /^bedrock-runtime(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com$/.exec(new URL(base).hostname)?.[1];
  } catch {
    return undefined;
  }
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** aws_region_name, else AWS_REGION (filled as `aws_region`), else the region in api_base, else the default. */
export function regionOf(d: Deployment): string {
  return (
    str(d.params.aws_region_name) ?? str(d.params.aws_region) ?? regionFromHost(d.params.api_base) ?? DEFAULT_REGION
  );
}

/**
 * POST {endpoint}/model/{modelId}/converse(-stream). The model id (which may hold ':' and, as an
 * ARN, '/') is one URL-encoded path segment. `api_base` replaces the regional endpoint.
 */
export function converseUrl(d: Deployment, stream: boolean): string {
  return `${runtimeBase(d)}/model/${encodeURIComponent(modelIdOf(d.model))}/${stream ? "converse-stream" : "converse"}`;
}

/** The regional runtime endpoint, or `api_base`. */
function runtimeBase(d: Deployment): string {
  return (d.params.api_base ?? `https://bedrock-runtime.${regionOf(d)}.amazonaws.com`).replace(/\/+$/, "");
}

/**
 * POST {endpoint}/model/{modelId}/invoke(-with-response-stream): InvokeModel, the model's own request format
 * (Claude: Messages; Titan and Cohere embeddings; image models).
 */
export function invokeUrl(d: Deployment, stream = false): string {
  const op = stream ? "invoke-with-response-stream" : "invoke";
  return `${runtimeBase(d)}/model/${encodeURIComponent(modelIdOf(d.model))}/${op}`;
}

/**
 * POST {endpoint}/model/{modelId}/count-tokens. Counting takes a foundation model id, not a cross-region
 * inference profile: a `us.` / `eu.` / `apac.` / `global.` prefix is removed.
 */
export function countTokensUrl(d: Deployment): string {
  const id = modelIdOf(d.model).replace(/^[a-z-]+\.(?=anthropic\.)/, "");
  return `${runtimeBase(d)}/model/${encodeURIComponent(id)}/count-tokens`;
}
