export const GEMINI_API_BASE = "https://generativelanguage.googleapis.com";

/**
 * {base}/v1beta/models/{model}:generateContent, or :streamGenerateContent?alt=sse when streaming.
 * A base that already ends in a version segment (/v1, /v1beta, /v1alpha) is used as is.
 */
export function geminiUrl(opts: { apiBase?: string; model: string; stream: boolean }): string {
  let base = (opts.apiBase ?? GEMINI_API_BASE).replace(/\/+$/, "");
  if (!/\/v1(beta|alpha)?\d*$/.test(base)) base += "/v1beta";
  const model = encodeURIComponent(opts.model.replace(/^models\//, ""));
  return opts.stream
    ? `${base}/models/${model}:streamGenerateContent?alt=sse`
    : `${base}/models/${model}:generateContent`;
}

/** {base}/v1beta/models/{model}:{method} for the non-chat methods (batchEmbedContents, predict). */
export function geminiModelUrl(opts: { apiBase?: string; model: string; method: string }): string {
  return geminiUrl({ ...opts, stream: false }).replace(/:generateContent$/, `:${opts.method}`);
}
