import type { z } from "zod";
import { BadGatewayError } from "../../errors/gateway-error.js";
import { formatIssues } from "../../config/format-issues.js";

/** Validate an upstream JSON value against a provider's schema; a mismatch is a 502 naming the field. */
export function parseUpstreamAs<S extends z.ZodType>(schema: S, value: unknown, provider: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new BadGatewayError(
    `${provider} returned an unexpected response: ${formatIssues(r.error).slice(0, 3).join("; ")}`,
    {
      provider,
      code: "invalid_upstream_response",
    },
  );
}

/** Parse JSON text and validate; a parse failure is a 502. */
export function parseUpstreamText<S extends z.ZodType>(
  schema: S,
  text: string,
  provider: string,
  /** A hand-written check that says "valid" only where the schema would (skips building a zod result). */
  plain?: (v: unknown) => boolean,
): z.infer<S> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new BadGatewayError(`${provider} returned invalid JSON: ${text.slice(0, 200)}`, {
      provider,
      code: "invalid_upstream_response",
    });
  }
  return plain?.(v) ? (v as z.infer<S>) : parseUpstreamAs(schema, v, provider);
}

/** Lenient: parse JSON text and validate, undefined on any failure (for error bodies). */
export function readJsonAs<S extends z.ZodType>(schema: S, text: string): z.infer<S> | undefined {
  try {
    const r = schema.safeParse(JSON.parse(text));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}
