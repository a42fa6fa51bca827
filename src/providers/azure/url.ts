export const DEFAULT_AZURE_API_VERSION = "2024-10-21";

/**
 * Classic layout: {base}/openai/deployments/{deployment}/{path}?api-version=X.
 * v1 layout (api_version "v1"/"latest"/"preview", or a base already ending in /openai/v1):
 * {base}/openai/v1/{path}, model in the body. `path` is the operation's (default chat/completions).
 */
export function azureUrl(
  apiBase: string,
  deployment: string,
  apiVersion?: string,
  path = "chat/completions",
): { url: string; v1: boolean } {
  const base = apiBase.replace(/\/+$/, "");
  if (/\/openai\/v1$/.test(base)) return { url: `${base}/${path}`, v1: true };
  if (apiVersion === "v1" || apiVersion === "latest" || apiVersion === "preview") {
    const q = apiVersion === "preview" ? "?api-version=preview" : "";
    return { url: `${base}/openai/v1/${path}${q}`, v1: true };
  }
  const version = encodeURIComponent(apiVersion ?? DEFAULT_AZURE_API_VERSION);
  return {
    url: `${base}/openai/deployments/${encodeURIComponent(deployment)}/${path}?api-version=${version}`,
    v1: false,
  };
}

/**
 * Azure OpenAI's v1 routes (Responses API and friends): {resource}/openai/v1, model in the body.
 * `api_version: preview` selects the preview API (`?api-version=preview`).
 */
export function azureV1Base(apiBase: string, apiVersion?: string): { base: string; query: string } {
  const b = apiBase.replace(/\/+$/, "");
  const base = /\/openai\/v1$/.test(b) ? b : `${b.replace(/\/openai$/, "")}/openai/v1`;
  return { base, query: apiVersion === "preview" ? "?api-version=preview" : "" };
}
