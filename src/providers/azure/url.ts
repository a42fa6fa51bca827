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
