/** Resolve `os.environ/NAME` references anywhere in a parsed config tree. */
export type EnvLookup = (name: string) => string | undefined;

const PREFIX = "os.environ/";

/**
 * Returns the tree with references replaced. A reference to an unset variable
 * removes that key (as if it were not configured) and is reported in `missing`.
 */
export function resolveEnvRefs(value: unknown, lookup: EnvLookup, missing: string[], path = ""): unknown {
  if (typeof value === "string") {
    if (!value.startsWith(PREFIX)) return value;
    const name = value.slice(PREFIX.length);
    const v = lookup(name);
    if (v === undefined) missing.push(`${path || "(root)"}: environment variable ${name} is not set`);
    return v;
  }
  if (Array.isArray(value)) return value.map((v, i) => resolveEnvRefs(v, lookup, missing, `${path}[${i}]`));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = resolveEnvRefs(v, lookup, missing, path ? `${path}.${k}` : k);
      if (r !== undefined) out[k] = r;
    }
    return out;
  }
  return value;
}
