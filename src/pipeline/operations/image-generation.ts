import { utf8Length } from "../../accounting/estimate.js";
import { imageCost, imageCostBound } from "../../accounting/image-cost.js";
import type { Metered } from "../../accounting/metered.js";
import { BadGatewayError } from "../../errors/gateway-error.js";
import { ImageGenerationRequest, type ImageGenerationResponse } from "../../openai/images.js";
import { callOperation } from "../../upstream/call-operation.js";
import type { AttemptContext, Operation } from "../operation.js";
import { parseRequest } from "../parse-request.js";
import { prepareForDeployment } from "../prepare-request.js";
import { jsonAnswer, jsonText } from "../respond.js";
import { inParallel } from "./in-parallel.js";

/** Generated images, what they consumed, and what they cost on the deployment that made them. */
export interface ImageAnswer {
  response: ImageGenerationResponse;
  usage: Metered;
  costMicros: number;
}

/** `n` split into calls of at most `most` images each. */
function counts(n: number, most: number): number[] {
  const out: number[] = [];
  for (let left = n; left > 0; left -= most) out.push(Math.min(most, left));
  return out;
}

async function generate(ctx: AttemptContext<ImageGenerationRequest>): Promise<ImageAnswer> {
  const { deps, deployment } = ctx;
  const adapter = deployment.adapter.imageGeneration!;
  const prepared = prepareForDeployment({
    request: ctx.request,
    adapter,
    deployment,
    dropParams: deps.config.dropParams,
  });
  const n = ctx.request.n ?? 1;
  const calls = counts(n, Math.max(1, adapter.maxBatch?.(prepared.deployment) ?? n));
  const answers = await inParallel(calls, (k) =>
    callOperation({
      adapter,
      timeouts: ctx.timeouts,
      clientSignal: ctx.signal,
      ctx: {
        deployment: prepared.deployment,
        request: calls.length === 1 ? prepared.request : { ...prepared.request, n: k },
        stream: false,
        fetch: deps.fetch,
        now: deps.now,
        requestId: ctx.requestId,
        cache: deps.providerCache,
        bindings: deps.bindings,
      },
    }),
  );
  const response = joined(answers);
  if (response.data.length === 0) {
    throw new BadGatewayError(`${deployment.provider} returned no images`, {
      provider: deployment.provider,
      code: "invalid_upstream_response",
    });
  }
  const u = response.usage;
  const usage: Metered = {
    promptTokens: u?.input_tokens ?? 0,
    completionTokens: u?.output_tokens ?? 0,
    images: response.data.length,
  };
  const { size, quality } = ctx.request;
  return { response, usage, costMicros: imageCost(deployment, { usage, size, quality }) };
}

/** The answers of split calls as one: images in call order, token usage summed where reported. */
function joined(answers: ImageGenerationResponse[]): ImageGenerationResponse {
  if (answers.length === 1) return answers[0]!;
  const [first] = answers as [ImageGenerationResponse];
  const reported = answers.filter((a) => a.usage);
  const usage = reported.length
    ? {
        input_tokens: reported.reduce((s, a) => s + a.usage!.input_tokens, 0),
        output_tokens: reported.reduce((s, a) => s + a.usage!.output_tokens, 0),
        total_tokens: reported.reduce((s, a) => s + a.usage!.total_tokens, 0),
      }
    : undefined;
  return { ...first, data: answers.flatMap((a) => a.data), ...(usage ? { usage } : {}) };
}

/** POST /v1/images/generations. */
export const imageGenerationOperation: Operation<ImageGenerationRequest, ImageAnswer> = {
  name: "imageGeneration",
  parse: (body) => parseRequest(ImageGenerationRequest, jsonText(body)),
  model: (r) => r.model,
  stream: () => false,
  costBound(r, deployments) {
    const ask = { n: r.n ?? 1, size: r.size, quality: r.quality, promptTokens: utf8Length(r.prompt) };
    let worst = 0;
    for (const d of deployments) worst = Math.max(worst, imageCostBound(d, ask));
    return worst;
  },
  call: generate,
  respond: (out, close) => jsonAnswer(out.response, close, out.usage, out.costMicros),
};
