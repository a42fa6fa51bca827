import { pricesFor } from "../../accounting/cost.js";
import type { Metered } from "../../accounting/metered.js";
import { lookupPrice } from "../../accounting/prices.js";
import { SpeechRequest } from "../../openai/audio.js";
import type { SpeechResult } from "../../providers/provider.js";
import { passThrough } from "../../streaming/pass-through.js";
import { callOperation } from "../../upstream/call-operation.js";
import type { AttemptContext, Operation } from "../operation.js";
import { parseRequest } from "../parse-request.js";
import { prepareForDeployment } from "../prepare-request.js";
import { jsonText } from "../respond.js";

/** Characters of the input as vendors count them (code points, not UTF-16 units). */
export function speechCharacters(r: SpeechRequest): number {
  let n = 0;
  for (const _ of r.input) n++;
  return n;
}

/** Speech is billed by input characters (tts-1, tts-1-hd) or input tokens (≤ characters). */
function usageOf(r: SpeechRequest): Metered {
  const characters = speechCharacters(r);
  return { promptTokens: characters, completionTokens: 0, characters };
}

async function speak(ctx: AttemptContext<SpeechRequest>): Promise<SpeechResult> {
  const { deps, deployment } = ctx;
  const adapter = deployment.adapter.speech!;
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

/**
 * POST /v1/audio/speech. The audio is piped to the client as the upstream sends it (nothing
 * buffered); the request closes when the body ends, breaks off, or the client goes away (which
 * cancels the upstream). The cost is known up front: characters of input × the price per character.
 */
export const speechOperation: Operation<SpeechRequest, SpeechResult> = {
  name: "speech",
  parse: (body) => parseRequest(SpeechRequest, jsonText(body)),
  model: (r) => r.model,
  stream: () => false,
  costBound(r, deployments) {
    const u = usageOf(r);
    let worst = 0;
    for (const d of deployments) {
      const p = pricesFor(d, lookupPrice);
      if (p) worst = Math.max(worst, Math.ceil(u.promptTokens * p.input + u.characters! * (p.perCharacter ?? 0)));
    }
    return worst;
  },
  call: speak,
  respond(out, close, req) {
    const usage = usageOf(req);
    const cost = close.cost(usage);
    const body = passThrough({
      source: out.body,
      onEnd: (e) =>
        close.finish({ status: e.status, usage, costMicros: cost, error: "error" in e ? e.error : undefined }),
    });
    const headers = close.headers;
    headers["content-type"] = out.contentType;
    headers["x-switchyard-response-cost"] = (cost / 1_000_000).toString();
    return new Response(body, { status: 200, headers });
  },
};
