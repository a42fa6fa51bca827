import type { RequestLog } from "../request-log.js";

/** Reads a sink setting: a tenant's callback_vars first, then the worker's vars and secrets. */
export type Vars = (name: string) => string | undefined;

/** One HTTP request to a sink. */
export interface HttpDelivery {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** One record, as a sink builder receives it: the log and its idempotency key. */
export interface SinkRecord {
  log: RequestLog;
  idempotencyKey: string;
}

export interface BuildOptions {
  redactUserInfo: boolean;
}

/**
 * A logging sink over HTTP: how many records one request may carry, and the request for them.
 * Throws ConfigMissingError when a required variable is unset (delivery is retried: the variable
 * may be set by then).
 */
export interface HttpSink {
  maxBatch: number;
  build(records: readonly SinkRecord[], vars: Vars, opts: BuildOptions): HttpDelivery;
}

export class ConfigMissingError extends Error {}

export function required(vars: Vars, name: string, sink: string): string {
  const v = vars(name);
  if (!v) throw new ConfigMissingError(`${sink} callback: ${name} is not set`);
  return v;
}

/** A base URL without its trailing slash. */
export const trimBase = (u: string) => u.replace(/\/+$/, "");

/** Parse "k=v,k2=v2" (OTEL_EXPORTER_OTLP_HEADERS, GENERIC_LOGGER_HEADERS) or a JSON object. */
export function parseHeaderList(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  const t = text.trim();
  if (t.startsWith("{")) {
    try {
      for (const [k, v] of Object.entries(JSON.parse(t) as Record<string, unknown>)) out[k] = String(v);
      return out;
    } catch {
      return out;
    }
  }
  for (const part of t.split(",")) {
    const i = part.indexOf("=");
    if (i > 0) out[decodeURIComponent(part.slice(0, i).trim())] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}
