import type { GatewayError } from "../../../errors/gateway-error.js";
import type { Deployment } from "../../../providers/deployment.js";
import type { ProviderContext, UpstreamErrorResponse } from "../../../providers/provider.js";

/**
 * A native deployment's error answers are its provider's own error shape, which its chat adapter already
 * maps (status, error class, retry-after, vendor message): the same mapping serves the Responses routes.
 */
export function nativeErrorParser(
  deployment: Deployment,
): <Req>(ctx: ProviderContext<Req>, res: UpstreamErrorResponse) => GatewayError {
  const chat = deployment.adapter.chat!;
  return (ctx, res) => chat.parseError({ ...ctx, request: { model: deployment.model, messages: [] } }, res);
}
