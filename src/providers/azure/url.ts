export const DEFAULT_AZURE_API_VERSION = "2024-10-21";

/**
 * Classic layout: {base}/openai/deployments/{deployment}/chat/completions?api-version=X.
 * v1 layout (api_version "v1"/"latest"/"preview", or a base already ending in /openai/v1):
 * {base}/openai/v1/chat/completions, model in the body.
 */
export function azureUrl(apiBase: string, deployment: string, apiVersion?: string): { url: string; v1: boolean } {
  return azureOperationUrl({ apiBase, deployment, apiVersion, path: "chat/completions" });
}

/** The same two layouts for any operation path (`embeddings`, `images/generations`, ...). */
export function azureOperationUrl(o: { apiBase: string; deployment: string; apiVersion?: string; path: string }): {
  url: string;
  v1: boolean;
} {
  const base = o.apiBase.replace(/\/+$/, "");
  if (/\/openai\/v1$/.test(base)) return { url: `${base}/${o.path}`, v1: true };
  if (o.apiVersion === "v1" || o.apiVersion === "latest" || o.apiVersion === "preview") {
    const q = o.apiVersion === "preview" ? "?api-version=preview" : "";
    return { url: `${base}/openai/v1/${o.path}${q}`, v1: true };
  }
  const version = encodeURIComponent(o.apiVersion ?? DEFAULT_AZURE_API_VERSION);
  return {
    url: `${base}/openai/deployments/${encodeURIComponent(o.deployment)}/${o.path}?api-version=${version}`,
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
