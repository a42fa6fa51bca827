/** Cosine similarity of two vectors of the same length (0 when either is all zeros or the lengths differ). */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * Brute force: every candidate's similarity to `query`, those at or above `threshold`, best first,
 * at most `topK`. Used by the memory index and the Durable Object index alike.
 */
export function topMatches<T extends { vector: ArrayLike<number> }>(
  candidates: Iterable<T>,
  query: ArrayLike<number>,
  opts: { threshold: number; topK: number },
): Array<{ item: T; score: number }> {
  const out: Array<{ item: T; score: number }> = [];
  for (const item of candidates) {
    const score = cosineSimilarity(item.vector, query);
    if (score >= opts.threshold) out.push({ item, score });
  }
  return out.sort((x, y) => y.score - x.score).slice(0, opts.topK);
}
