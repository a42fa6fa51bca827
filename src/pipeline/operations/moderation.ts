import { pricesFor } from "../../accounting/cost.js";
import { MEDIA_PART_TOKENS, utf8Length } from "../../accounting/estimate.js";
import type { Metered } from "../../accounting/metered.js";
import { modeOf } from "../../accounting/model-mode.js";
import { lookupPrice } from "../../accounting/prices.js";
import type { Deps } from "../../deps.js";
import { BadRequestError } from "../../errors/gateway-error.js";
import { ModerationRequest, type ModerationResponse } from "../../openai/moderations.js";
import { callOperation } from "../../upstream/call-operation.js";
import type { AttemptContext, Operation } from "../operation.js";
import { parseRequest } from "../parse-request.js";
import { prepareForDeployment } from "../prepare-request.js";
import { jsonAnswer, jsonText } from "../respond.js";

/** Input tokens ≤ UTF-8 bytes of the text (a token is at least one byte), plus an allowance per image. */
export function moderationTokenBound(input: ModerationRequest["input"]): number {
  if (typeof input === "string") return utf8Length(input);
  let n = 0;
  for (const part of input) {
    if (typeof part === "string") n += utf8Length(part);
    else if (part.type === "text") n += utf8Length(part.text);
    else n += MEDIA_PART_TOKENS;
  }
  return n;
}

/**
 * The model a request without one goes to, as in OpenAI's API: the gateway's one moderation group
 * (a group with a deployment whose mode is "moderation"); none or several is a 400 naming the choice.
 */
export function defaultModerationModel(deps: Deps): string {
  const groups = [...deps.config.groups].filter(([, ds]) => ds.some((d) => modeOf(d) === "moderation"));
  if (groups.length === 1) return groups[0]![0];
  const message = groups.length
    ? `missing required field "model": this gateway has several moderation models (${groups.map(([n]) => `"${n}"`).join(", ")}); name one`
    : `missing required field "model": this gateway has no model with mode "moderation" to use by default`;
  throw new BadRequestError(message, { param: "model", code: "invalid_request" });
}

async function moderate(ctx: AttemptContext<ModerationRequest>): Promise<ModerationResponse> {
  const { deps, deployment } = ctx;
  const adapter = deployment.adapter.moderation!;
  const prepared = prepareForDeployment({
    request: ctx.request,
    adapter,
    deployment,
    dropParams: deps.config.dropParams,
  });
  return callOperation({
    adapter,
    timeouts: ctx.timeouts,
    clientSignal: ctx.signal,
    ctx: {
      deployment: prepared.deployment,
      request: prepared.request,
      stream: false,
      fetch: deps.fetch,
      now: deps.now,
      requestId: ctx.requestId,
      cache: deps.providerCache,
      bindings: deps.bindings,
    },
  });
}

/** What a moderation consumed: the vendor reports no usage, so the input counts at its token bound. */
function usageOf(req: ModerationRequest): Metered {
  return { promptTokens: moderationTokenBound(req.input), completionTokens: 0 };
}

/**
 * POST /v1/moderations. Free at OpenAI: the cost is 0 unless the deployment is priced (per input
 * token), in which case the input is billed at its token bound (OpenAI reports no usage here).
 */
export const moderationOperation: Operation<ModerationRequest, ModerationResponse> = {
  name: "moderation",
  parse: (body) => parseRequest(ModerationRequest, jsonText(body)),
  model: (r, deps) => r.model ?? defaultModerationModel(deps),
  stream: () => false,
  costBound(r, deployments) {
    const tokens = moderationTokenBound(r.input);
    let worst = 0;
    for (const d of deployments) worst = Math.max(worst, Math.ceil(tokens * (pricesFor(d, lookupPrice)?.input ?? 0)));
    return worst;
  },
  call: moderate,
  respond: (out, close, req) => jsonAnswer(out, close, usageOf(req)),
};
