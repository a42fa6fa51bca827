import { z } from "zod";
import { CacheNamespace } from "../config/cache-params.js";
import { formatPath } from "../config/format-issues.js";
import { BadRequestError, type GatewayError } from "../errors/gateway-error.js";

/** A request's cache controls, from the body's `cache` field and the headers (LiteLLM's meaning). */
export interface CacheControls {
  /** Skip the lookup; the fresh answer is still stored. */
  noCache: boolean;
  /** Do not store this answer. */
  noStore: boolean;
  /** This entry's lifetime, seconds. */
  ttlSeconds?: number;
  /** Accept only an entry younger than this, seconds (`s-maxage`; the `max-age` header). */
  maxAgeSeconds?: number;
  namespace?: string;
  /** Opt in when the cache runs `mode: default_off`. */
  useCache: boolean;
  /** The controls the request used, by LiteLLM's names (checked against `allowed_cache_controls`). */
  used: CacheControlName[];
}

export const CACHE_CONTROL_NAMES = ["no-cache", "no-store", "ttl", "s-maxage", "namespace", "use-cache"] as const;
export type CacheControlName = (typeof CACHE_CONTROL_NAMES)[number];

/** The body field `cache` (OpenAI SDK: `extra_body={"cache": {...}}`). */
export const CacheField = z.strictObject({
  "no-cache": z.boolean().optional(),
  "no-store": z.boolean().optional(),
  ttl: z.number().positive().optional(),
  "s-maxage": z.number().min(0).optional(),
  /** LiteLLM's other spelling. */
  "s-max-age": z.number().min(0).optional(),
  namespace: CacheNamespace.optional(),
  "use-cache": z.boolean().optional(),
});

export const NAMESPACE_HEADER = "x-switchyard-cache-namespace";

function invalid(param: string, message: string): GatewayError {
  return new BadRequestError(message, { param, code: "invalid_cache_control" });
}

function fromBody(raw: unknown, c: CacheControls): void {
  if (raw === undefined || raw === null) return;
  const r = CacheField.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    if (issue.code === "unrecognized_keys")
      throw invalid(
        `cache.${issue.keys[0]}`,
        `unknown cache control "${issue.keys[0]}": expected one of ${CACHE_CONTROL_NAMES.join(", ")}`,
      );
    const param = formatPath(["cache", ...issue.path]);
    throw invalid(param, `invalid "${param}": ${issue.message}`);
  }
  const b = r.data;
  const maxAge = b["s-maxage"] ?? b["s-max-age"];
  if (b["no-cache"] !== undefined) {
    c.noCache ||= b["no-cache"];
    c.used.push("no-cache");
  }
  if (b["no-store"] !== undefined) {
    c.noStore ||= b["no-store"];
    c.used.push("no-store");
  }
  if (b.ttl !== undefined) {
    c.ttlSeconds = b.ttl;
    c.used.push("ttl");
  }
  if (maxAge !== undefined) {
    c.maxAgeSeconds = maxAge;
    c.used.push("s-maxage");
  }
  if (b.namespace !== undefined) {
    c.namespace = b.namespace;
    c.used.push("namespace");
  }
  if (b["use-cache"] !== undefined) {
    c.useCache = b["use-cache"];
    c.used.push("use-cache");
  }
}

/**
 * `Cache-Control: no-cache | no-store | max-age=N | s-maxage=N` (comma-separated; other
 * directives ignored, as HTTP asks) and `x-switchyard-cache-namespace`. A request's `max-age`
 * means what it means in HTTP: accept no answer older than N seconds (the body's `s-maxage`).
 */
function fromHeaders(headers: Headers, c: CacheControls): void {
  const cc = headers.get("cache-control");
  if (cc) {
    for (const part of cc.split(",")) {
      const [name = "", value] = part.trim().toLowerCase().split("=", 2) as [string?, string?];
      if (name === "no-cache") {
        c.noCache = true;
        c.used.push("no-cache");
      } else if (name === "no-store") {
        c.noStore = true;
        c.used.push("no-store");
      } else if (name === "max-age" || name === "s-maxage") {
        const v = value?.replace(/^"|"$/g, "");
        if (!v || !/^\d+$/.test(v))
          throw invalid("cache-control", `invalid Cache-Control ${name}: expected whole seconds, e.g. ${name}=60`);
        c.maxAgeSeconds = Number(v);
        c.used.push("s-maxage");
      }
    }
  }
  const ns = headers.get(NAMESPACE_HEADER);
  if (ns !== null) {
    const r = CacheNamespace.safeParse(ns);
    if (!r.success) throw invalid(NAMESPACE_HEADER, `invalid ${NAMESPACE_HEADER}: ${r.error.issues[0]!.message}`);
    c.namespace = r.data;
    c.used.push("namespace");
  }
}

/**
 * The controls a request sets: headers first, then the body's `cache` field (which wins where both
 * set a value). Malformed controls are a 400 naming the field or header.
 */
export function readCacheControls(body: Readonly<Record<string, unknown>>, headers: Headers): CacheControls {
  const c: CacheControls = { noCache: false, noStore: false, useCache: false, used: [] };
  fromHeaders(headers, c);
  fromBody(body.cache, c);
  c.used = [...new Set(c.used)];
  return c;
}

/**
 * `allowed_cache_controls` (LiteLLM's key field): a key limited to some controls may not use the
 * others. Absent or empty = every control is allowed. A disallowed one is a 400 naming it.
 */
export function checkAllowedControls(c: CacheControls, allowed: readonly string[] | undefined): void {
  if (!allowed || allowed.length === 0) return;
  const refused = c.used.find((name) => !allowed.includes(name));
  if (refused)
    throw new BadRequestError(
      `cache control "${refused}" is not allowed for this key (allowed_cache_controls: ${allowed.join(", ")})`,
      { param: `cache.${refused}`, code: "cache_control_not_allowed" },
    );
}
