/**
 * Calls a Worker may have open at once: more would wait for a free connection anyway, and a
 * request split into many vendor calls (Titan embeds one text per call) should not flood the vendor.
 */
export const MAX_PARALLEL_CALLS = 6;

/**
 * `fn` over every item, at most `limit` at a time, results in item order. The first failure
 * rejects the whole and no further item is started.
 */
export async function inParallel<T, R>(
  items: readonly T[],
  fn: (item: T, index: number) => Promise<R>,
  limit = MAX_PARALLEL_CALLS,
): Promise<R[]> {
  if (items.length === 1) return [await fn(items[0]!, 0)];
  const out: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i]!, i);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
