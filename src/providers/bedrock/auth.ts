import { BadRequestError } from "../../errors/gateway-error.js";
import type { ProviderContext } from "../provider.js";
import { signV4 } from "./sigv4.js";
import { regionOf } from "./url.js";

/**
 * Auth headers for one request. A Bedrock API key (`api_key`, or AWS_BEARER_TOKEN_BEDROCK) is sent
 * as a bearer token and wins, as in the AWS SDKs; otherwise the request is SigV4-signed with
 * aws_access_key_id / aws_secret_access_key (+ aws_session_token) for service "bedrock".
 */
export async function authHeaders(opts: {
  ctx: Pick<ProviderContext<unknown>, "deployment" | "now">;
  url: string;
  body: string;
}): Promise<Record<string, string>> {
  const { ctx, url, body } = opts;
  const p = ctx.deployment.params;
  const base: Record<string, string> = { "content-type": "application/json" };
  if (p.api_key) return { ...base, authorization: `Bearer ${p.api_key}` };
  if (!p.aws_access_key_id || !p.aws_secret_access_key) {
    throw new BadRequestError(
      `model "${ctx.deployment.modelName}" (bedrock) has no AWS credentials: set aws_access_key_id and aws_secret_access_key (or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY), or api_key (AWS_BEARER_TOKEN_BEDROCK)`,
      { code: "missing_api_key" },
    );
  }
  const u = new URL(url);
  const signed = await signV4({
    method: "POST",
    host: u.host,
    path: u.pathname,
    query: [...u.searchParams],
    headers: base,
    body,
    service: "bedrock",
    region: regionOf(ctx.deployment),
    credentials: {
      accessKeyId: p.aws_access_key_id,
      secretAccessKey: p.aws_secret_access_key,
      sessionToken: p.aws_session_token || undefined,
    },
    now: ctx.now(),
    contentSha256Header: true,
  });
  return signed.headers;
}
