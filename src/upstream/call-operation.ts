import { BadGatewayError, GatewayError } from "../errors/gateway-error.js";
import { secretValuesOf } from "../errors/redact.js";
import type { OperationAdapter, ProviderContext } from "../providers/provider.js";
import { AttemptScope } from "./abort.js";
import type { CallTimeouts } from "./call-provider.js";
import { fetchUpstream, transportError } from "./fetch-upstream.js";
import { readErrorBody, scrubbed } from "./upstream-errors.js";

/**
 * One attempt of a non-streaming operation (embeddings, images, audio, moderation, rerank) against
 * one deployment: the adapter's request sent within the deadline and the client's abort, a vendor
 * error mapped and scrubbed of the deployment's secrets, the answer read as JSON (invalid JSON is a
 * 502) or handed over raw (binary answers, audio streamed through).
 */
export async function callOperation<Req, Res>(opts: {
  adapter: OperationAdapter<Req, Res>;
  ctx: ProviderContext<Req>;
  timeouts: CallTimeouts;
  clientSignal?: AbortSignal;
}): Promise<Res> {
  const { adapter, ctx } = opts;
  const provider = ctx.deployment.provider;
  const scope = new AttemptScope(opts.clientSignal);
  scope.arm(opts.timeouts.timeoutMs, `request to ${provider}`);
  try {
    const req = await adapter.buildRequest({ ...ctx, signal: scope.signal });
    const res = await fetchUpstream({ provider, send: adapter.send?.bind(adapter), ctx, req, scope });
    if (!res.ok) {
      const body = await readErrorBody(res);
      throw scrubbed(
        adapter.parseError(ctx, { status: res.status, headers: res.headers, body }),
        secretValuesOf(ctx.deployment.params),
      );
    }
    if (adapter.answer === "raw") {
      const out = await adapter.parseResponse(ctx, res);
      scope.dispose();
      return out;
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw transportError(e, scope, provider);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new BadGatewayError(`${provider} returned invalid JSON`, { provider, code: "invalid_upstream_response" });
    }
    const out = await adapter.parseResponse(ctx, body);
    scope.dispose();
    return out;
  } catch (e) {
    scope.dispose();
    const reason = scope.reasonFor(e);
    throw reason instanceof GatewayError ? reason : e;
  }
}
