import { classifyClientError, type GatewayError } from "../../errors/gateway-error.js";
import { readJsonAs } from "../shared/json.js";
import { retryAfterSeconds } from "../shared/retry-after.js";
import { UpstreamDetailBody, UpstreamErrorBody, UpstreamMessageBody } from "./api.js";

/** OpenAI-style error body → gateway error class, message and code kept. */
export function parseOpenAIError(
  provider: string,
  res: { status: number; headers: Headers; body: string },
): GatewayError {
  let message: string | undefined;
  let code: string | undefined;
  let param: string | undefined;
  const e = readJsonAs(UpstreamErrorBody, res.body);
  if (e) {
    if (typeof e.error === "string") message = e.error;
    else {
      message = e.error.message ?? undefined;
      code = e.error.code != null ? String(e.error.code) : (e.error.type ?? undefined);
      param = e.error.param ?? undefined;
    }
  } else {
    const d = readJsonAs(UpstreamDetailBody, res.body);
    if (d) message = typeof d.detail === "string" ? d.detail : JSON.stringify(d.detail);
    else message = readJsonAs(UpstreamMessageBody, res.body)?.message;
  }
  message ??= res.body.trim().slice(0, 500) || `HTTP ${res.status}`;
  return classifyClientError(res.status, `${provider} error: ${message}`, {
    provider,
    code: code ?? null,
    param: param ?? null,
    retryAfter: retryAfterSeconds(res.headers),
  });
}
