import { z } from "zod";
import { classifyClientError, NotFoundError, type GatewayError } from "../../errors/gateway-error.js";
import { readJsonAs } from "../shared/json.js";
import { retryAfterSeconds } from "../shared/retry-after.js";
import { CloudflareErrorEnvelope } from "./api.js";

const PROVIDER = "workers_ai";

/** Workers AI internal error codes → the HTTP status Cloudflare documents for them. */
const CODE_STATUS: Readonly<Record<string, number>> = {
  "5007": 400,
  "5004": 400,
  "3039": 400,
  "3003": 400,
  "5018": 403,
  "5016": 403,
  "3023": 403,
  "3041": 403,
  "5019": 405,
  "5005": 405,
  "3042": 404,
  "3006": 413,
  "3007": 408,
  "3008": 408,
  "3036": 429,
  "3040": 429,
  "10000": 401,
};
/** No such model / invalid model id. */
const MODEL_NOT_FOUND = new Set(["5007", "3042"]);

const OpenAIErrorShape = z.looseObject({
  error: z.union([
    z.string(),
    z.looseObject({
      message: z.string().nullish(),
      code: z.union([z.string(), z.number()]).nullish(),
      type: z.string().nullish(),
    }),
  ]),
});

interface Detail {
  message?: string;
  code?: string;
}

/** Message and code from a Cloudflare envelope, an OpenAI-shaped error, or nothing. */
function detailOf(value: unknown): Detail {
  const env = CloudflareErrorEnvelope.safeParse(value);
  if (env.success) {
    const e = env.data.errors[0]!;
    return { message: e.message ?? undefined, code: e.code != null ? String(e.code) : undefined };
  }
  const oa = OpenAIErrorShape.safeParse(value);
  if (oa.success) {
    const e = oa.data.error;
    if (typeof e === "string") return { message: e };
    return { message: e.message ?? undefined, code: typeof e.code === "string" ? e.code : (e.type ?? undefined) };
  }
  return {};
}

function toError(status: number, d: Detail, headers?: Headers): GatewayError {
  const message = `${PROVIDER} error: ${d.message || `HTTP ${status}`}`;
  const opts = {
    provider: PROVIDER,
    code: d.code ?? null,
    retryAfter: headers ? retryAfterSeconds(headers) : undefined,
  };
  if (d.code && MODEL_NOT_FOUND.has(d.code)) return new NotFoundError(message, { ...opts, code: "model_not_found" });
  return classifyClientError(status, message, opts);
}

/** An `error` object/string, or a non-empty `errors` list, in a body that came with status 200. */
export function carriesError(v: { error?: unknown; errors?: unknown }): boolean {
  return (v.error != null && v.error !== false) || (Array.isArray(v.errors) && v.errors.length > 0);
}

/** The status Cloudflare documents for an internal code (500 when unknown). */
export function statusForCode(code: string | undefined): number {
  return (code && CODE_STATUS[code]) || 500;
}

/** An HTTP error from the REST endpoint: the Cloudflare envelope or an OpenAI-shaped body; status decides. */
export function parseWorkersAiError(res: { status: number; headers: Headers; body: string }): GatewayError {
  const d = detailOf(readJsonAs(z.unknown(), res.body));
  if (!d.message) d.message = res.body.trim().slice(0, 500) || undefined;
  return toError(res.status, d, res.headers);
}

/** An error object inside a stream (or a 200 body): its code decides the status. */
export function workersAiInStreamError(value: unknown): GatewayError {
  const d = detailOf(value);
  return toError(statusForCode(d.code), {
    message: d.message ?? "error inside the response",
    ...(d.code ? { code: d.code } : {}),
  });
}

/**
 * A failure thrown by the binding's `ai.run`, as the HTTP error the REST API would have sent:
 * the leading internal code of its message ("5007: No such model ...") gives the status.
 */
export function bindingErrorResponse(err: unknown): Response {
  const text = err instanceof Error ? err.message : String(err);
  const code = /^\s*(?:\w*Error:\s*)?(\d{4,5})\b/.exec(text)?.[1];
  const body = {
    success: false,
    errors: [code ? { code: Number(code), message: text } : { message: text }],
    messages: [],
    result: null,
  };
  const status = statusForCode(code);
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}
