/** A request's tags: body `tags`, body `metadata.tags` and the `x-switchyard-tags` header (comma-separated). */
export const TAG_HEADER = "x-switchyard-tags";
/** Tags are labels for reports, not data: bounded in count and length. */
export const MAX_TAGS = 32;
export const MAX_TAG_LENGTH = 128;

function stringsOf(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((t): t is string => typeof t === "string") : [];
}

/** Tags in first-seen order, trimmed, deduplicated, empty ones dropped, at most MAX_TAGS. */
export function requestTags(src: {
  recordTags?: readonly string[];
  body?: { tags?: unknown; metadata?: unknown };
  headers?: { get(name: string): string | null };
}): string[] {
  const meta = src.body?.metadata;
  const fromMeta = meta && typeof meta === "object" ? stringsOf((meta as Record<string, unknown>).tags) : [];
  const header = src.headers?.get(TAG_HEADER) ?? "";
  // Most requests carry no tags at all.
  if (!header && !fromMeta.length && !src.recordTags?.length && !Array.isArray(src.body?.tags)) return [];
  const fromHeader = header.split(",");
  const out = new Set<string>();
  for (const t of [...(src.recordTags ?? []), ...stringsOf(src.body?.tags), ...fromMeta, ...fromHeader]) {
    const tag = t.trim().slice(0, MAX_TAG_LENGTH);
    if (tag) out.add(tag);
    if (out.size >= MAX_TAGS) break;
  }
  return [...out];
}
