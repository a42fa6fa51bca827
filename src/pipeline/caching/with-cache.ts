import type { Closing, Outcome } from "../operation.js";

/** A closing with the cache's response headers added and its own `finish` (which adds the cache's spend fields). */
export function withCache(close: Closing, headers: Record<string, string>, finish: (o: Outcome) => void): Closing {
  return { ...close, headers: Object.assign(close.headers, headers), finish };
}
