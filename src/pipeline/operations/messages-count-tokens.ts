import { accessGroupsOf, modelAllowed } from "../../access/model-access.js";
import { CountTokensRequest } from "../../anthropic/count-tokens.js";
import { jsonObjectOf, validateAs } from "../../anthropic/parse.js";
import { estimateInputTokens } from "../../codecs/messages/count-tokens.js";
import type { Deps } from "../../deps.js";
import type { Deployment } from "../../providers/deployment.js";
import { planRoute } from "../../routing/route-plan.js";
import { timeoutsFor } from "../../routing/router.js";
import type { Principal } from "../../state/principal.js";
import { callNativeCountTokens } from "../../upstream/call-native-messages.js";
import { authorizeModel } from "../authorize-model.js";
import type { MessagesHeaders } from "./messages-request.js";

/** A count and how it was made: by the model's own counting endpoint, or the documented estimate. */
export interface TokenCount {
  input_tokens: number;
  method: "native" | "estimate";
}

const counts = (d: Deployment) => d.adapter.messages?.supports(d) === true && d.params.mock_response === undefined;

/**
 * POST /v1/messages/count_tokens. The model is checked as on every route (a key's alias applied, its
 * allow-list enforced); a group with a Claude deployment counts natively on that deployment, any other
 * group gets `estimateInputTokens` (an estimate, not a tokenizer count). Nothing is billed.
 */
export async function countMessageTokens(
  deps: Deps,
  opts: { principal: Principal; text: string; headers: MessagesHeaders; requestId: string },
): Promise<TokenCount> {
  const { principal } = opts;
  const json = jsonObjectOf(opts.text);
  const req = validateAs(CountTokensRequest, json);
  const access = accessGroupsOf(deps.config);
  const model = authorizeModel(principal, req.model, access);
  const plan = planRoute(deps.config, {
    model,
    operation: "messages",
    overrides: { disableFallbacks: true },
    allowed: principal.kind === "master" ? undefined : (name) => modelAllowed(principal, name, access),
  });
  const deployment = plan.primary.deployments.find(counts);
  const builder = deployment?.adapter.messages;
  if (!deployment || !builder) return { input_tokens: estimateInputTokens(req), method: "estimate" };
  const input = { body: opts.text, json, betas: opts.headers.betas, anthropicVersion: opts.headers.version };
  const { input_tokens } = await callNativeCountTokens({
    builder,
    ctx: { deployment, stream: false, fetch: deps.fetch, now: deps.now, cache: deps.providerCache },
    input,
    timeoutMs: timeoutsFor(deps.config, deployment, {}).timeoutMs,
    requestId: opts.requestId,
  });
  return { input_tokens, method: "native" };
}
