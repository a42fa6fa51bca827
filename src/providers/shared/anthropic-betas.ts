/**
 * `anthropic-beta` handling for the native path. A client names betas in one or more comma-separated
 * header values; a deployment passes on only the ones its `allowed_anthropic_betas` lists ("*": all),
 * or its provider's default list when it sets none.
 */

/** Header value(s) → beta names, trimmed, in order, without duplicates. */
export function parseBetaHeader(values: string | readonly string[] | null | undefined): string[] {
  const list = values == null ? [] : typeof values === "string" ? [values] : values;
  const out: string[] = [];
  for (const v of list) {
    for (const part of v.split(",")) {
      const b = part.trim();
      if (b && !out.includes(b)) out.push(b);
    }
  }
  return out;
}

/** The client's betas that the allow-list admits, in the client's order. */
export function allowedBetas(client: readonly string[], allow: readonly string[]): string[] {
  if (allow.includes("*")) return [...client];
  return client.filter((b) => allow.includes(b));
}
