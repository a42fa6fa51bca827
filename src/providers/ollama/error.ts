import {
  classifyClientError,
  InternalServerError,
  NotFoundError,
  type GatewayError,
} from "../../errors/gateway-error.js";
import { readJsonAs } from "../shared/json.js";
import { retryAfterSeconds } from "../shared/retry-after.js";
import { OllamaErrorBody } from "./api.js";

const PROVIDER = "ollama";
const MODEL_NOT_FOUND = /model ["'].*["'] not found|model .* not found|not found, try pulling/i;

/**
 * Ollama's `{"error": "..."}`. A missing model is a NotFoundError whatever the status (Ollama
 * says 404 on /api/chat); other statuses map as usual. An error line inside a stream has no
 * status: it is a server-side failure (500) unless it names a missing model.
 */
export function ollamaError(opts: { status?: number; message: string; headers?: Headers }): GatewayError {
  const message = `${PROVIDER} error: ${opts.message}`;
  if (MODEL_NOT_FOUND.test(opts.message))
    return new NotFoundError(message, { provider: PROVIDER, code: "model_not_found" });
  if (opts.status === undefined) return new InternalServerError(message, { provider: PROVIDER });
  return classifyClientError(opts.status, message, {
    provider: PROVIDER,
    retryAfter: opts.headers ? retryAfterSeconds(opts.headers) : undefined,
  });
}

export function parseOllamaError(res: { status: number; headers: Headers; body: string }): GatewayError {
  const detail =
    readJsonAs(OllamaErrorBody, res.body)?.error ?? (res.body.trim().slice(0, 500) || `HTTP ${res.status}`);
  return ollamaError({ status: res.status, message: detail, headers: res.headers });
}
