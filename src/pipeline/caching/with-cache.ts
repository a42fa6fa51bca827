import type { Closing, Outcome } from "../operation.js";

/** LiteLLM's names for the cache's headers, sent beside ours where LiteLLM's headers are on. */
const LITELLM_NAMES: Readonly<Record<string, string>> = {
  "x-switchyard-cache-key": "x-litellm-cache-key",
  "x-switchyard-cache-similarity": "x-litellm-semantic-similarity",
};

/** A closing with the cache's response headers added and its own `finish` (which adds the cache's spend fields). */
export function withCache(close: Closing, headers: Record<string, string>, finish: (o: Outcome) => void): Closing {
  const h = Object.assign(close.headers, headers);
  if (h["x-litellm-call-id"])
    for (const [ours, theirs] of Object.entries(LITELLM_NAMES)) if (headers[ours]) h[theirs] = headers[ours];
  return { ...close, headers: h, finish };
}
