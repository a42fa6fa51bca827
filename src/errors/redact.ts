/**
 * Keep secrets out of text shown to callers (health reports, model info). Exact secret values
 * are removed, and anything shaped like a provider key (`sk-…`, `AIza…`, masked fragments such
 * as OpenAI's "sk-abc***xyz") is masked too.
 */
const KEY_SHAPES = /\b(?:sk|pk|rk|ak|key|AIza|ghp|xox[abp])[-_A-Za-z0-9*.]{8,}/g;
const SECRET_PARAM = /key|secret|token|credential|password/i;

export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s.length >= 6) out = out.split(s).join("[redacted]");
  return out.replace(KEY_SHAPES, "[redacted]");
}

/** String values of params whose names say they are secret (api_key, aws_secret_access_key, ...). */
export function secretValuesOf(params: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(params)) if (SECRET_PARAM.test(k) && typeof v === "string") out.push(v);
  return out;
}

/** An endpoint URL without credentials: no user info, no query string (`?key=...`). */
export function safeApiBase(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    u.search = "";
    u.hash = "";
    return u.toString().replace(/\/$/, "");
  } catch {
    return null;
  }
}
