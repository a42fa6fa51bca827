/** Gateway fields that are numbers or booleans in JSON but arrive as text in a multipart form. */
const NUMBERS = new Set(["num_retries", "timeout", "stream_timeout"]);
const BOOLEANS = new Set(["disable_fallbacks", "stream", "mock_testing_fallbacks", "mock_testing_rate_limit_error"]);
/** Fields that carry JSON in a form (LiteLLM's clients send metadata and tags as JSON text). */
const JSON_FIELDS = new Set(["metadata", "tags", "fallbacks"]);

function typed(name: string, v: string): unknown {
  if (NUMBERS.has(name) && /^\d+(\.\d+)?$/.test(v)) return Number(v);
  if (BOOLEANS.has(name) && (v === "true" || v === "false")) return v === "true";
  if (JSON_FIELDS.has(name)) {
    try {
      return JSON.parse(v);
    } catch {
      return v; // left for the schema to refuse, naming the field
    }
  }
  return v;
}

/**
 * A multipart form's text fields as a request object for the operation's schema to validate:
 * a repeated field (`timestamp_granularities[]`) becomes a list, and the gateway's own numeric,
 * boolean and JSON fields get their JSON types. File fields are left out (the operation reads them).
 */
export function formFields(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string") continue;
    const v = typed(name, value);
    const prev = out[name];
    out[name] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}
