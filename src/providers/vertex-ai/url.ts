export const DEFAULT_VERTEX_LOCATION = "us-central1";

/** https://{location}-aiplatform.googleapis.com, or aiplatform.googleapis.com for the "global" location. */
export function vertexHost(location: string): string {
  return location === "global" ? "https://aiplatform.googleapis.com" : `https://${location}-aiplatform.googleapis.com`;
}

/** Model ids keep their `@version` suffix readable (claude-sonnet-4@20250514). */
function modelSegment(model: string): string {
  return encodeURIComponent(model).replace(/%40/g, "@");
}

export interface VertexUrlOptions {
  /** Replaces the host (scheme + authority, optionally + /v1); tests point it at loopback. */
  apiBase?: string;
  /** Absent: express mode (API key, no project in the path). */
  project?: string;
  location: string;
  publisher: "google" | "anthropic";
  model: string;
  /** generateContent, streamGenerateContent, rawPredict, streamRawPredict */
  method: string;
  /** Query string without `?` (e.g. "alt=sse"). */
  query?: string;
}

/**
 * {host}/v1/projects/{project}/locations/{location}/publishers/{publisher}/models/{model}:{method}
 * (express mode: {host}/v1/publishers/google/models/{model}:{method}).
 */
export function vertexUrl(o: VertexUrlOptions): string {
  let base = (o.apiBase ?? vertexHost(o.location)).replace(/\/+$/, "");
  if (!/\/v1(beta1)?$/.test(base)) base += "/v1";
  const scope =
    o.project === undefined
      ? ""
      : `/projects/${encodeURIComponent(o.project)}/locations/${encodeURIComponent(o.location)}`;
  const q = o.query ? `?${o.query}` : "";
  return `${base}${scope}/publishers/${o.publisher}/models/${modelSegment(o.model)}:${o.method}${q}`;
}
