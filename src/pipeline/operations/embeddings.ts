import { embeddingsCache } from "../caching/embeddings-cache.js";
import { pricesFor } from "../../accounting/cost.js";
import { utf8Length } from "../../accounting/estimate.js";
import { lookupPrice } from "../../accounting/prices.js";
import { BadGatewayError } from "../../errors/gateway-error.js";
import { EmbeddingsRequest, type EmbeddingsInput, type EmbeddingsResponse } from "../../openai/embeddings.js";
import { callOperation } from "../../upstream/call-operation.js";
import type { AttemptContext, Operation } from "../operation.js";
import { parseJsonObject, validated } from "../parse-request.js";
import { fastEmbeddingsRequest } from "../../openai/fast-embeddings-request.js";
import { prepareForDeployment } from "../prepare-request.js";
import { jsonAnswer, jsonText } from "../respond.js";
import { base64ToFloats, floatsToBase64 } from "./float-vectors.js";
import { inParallel } from "./in-parallel.js";

type Inputs = string[] | number[][];

/** The inputs as a list (a lone string or token array is a list of one). */
function listOf(input: EmbeddingsInput): Inputs {
  if (typeof input === "string") return [input];
  if (typeof input[0] === "number") return [input as number[]];
  return input as Inputs;
}

/** Prompt tokens ≤ UTF-8 bytes of a string input (a token is at least one byte); token arrays count themselves. */
function promptTokenBound(input: EmbeddingsInput): number {
  let n = 0;
  for (const x of listOf(input)) n += typeof x === "string" ? utf8Length(x) : x.length;
  return n;
}

/** A batch of at most `size` inputs each, in order. */
function batches(inputs: Inputs, size: number): Inputs[] {
  if (inputs.length <= size) return [inputs];
  const out: Inputs[] = [];
  for (let i = 0; i < inputs.length; i += size) out.push(inputs.slice(i, i + size) as Inputs);
  return out;
}

async function embed(ctx: AttemptContext<EmbeddingsRequest>): Promise<EmbeddingsResponse> {
  const { deps, deployment } = ctx;
  const adapter = deployment.adapter.embeddings!;
  const prepared = prepareForDeployment({
    request: ctx.request,
    adapter,
    deployment,
    dropParams: deps.config.dropParams,
  });
  const inputs = listOf(prepared.request.input);
  const parts = batches(inputs, Math.max(1, adapter.maxBatch?.(deployment) ?? inputs.length));
  const answers = await inParallel(parts, (input) =>
    callOperation({
      adapter,
      timeouts: ctx.timeouts,
      clientSignal: ctx.signal,
      ctx: {
        deployment: prepared.deployment,
        request: { ...prepared.request, input: parts.length === 1 ? prepared.request.input : input },
        stream: false,
        fetch: deps.fetch,
        now: deps.now,
        requestId: ctx.requestId,
        cache: deps.providerCache,
        bindings: deps.bindings,
      },
    }),
  );
  return joined(answers, parts, ctx.request.encoding_format === "base64");
}

/** Batch answers rejoined in request order, in the encoding the client asked for, usage summed. */
function joined(answers: EmbeddingsResponse[], parts: Inputs[], base64: boolean): EmbeddingsResponse {
  const data: EmbeddingsResponse["data"] = [];
  let offset = 0;
  let prompt = 0;
  let total = 0;
  answers.forEach((a, i) => {
    const expected = parts[i]!.length;
    if (a.data.length !== expected) {
      throw new BadGatewayError(`the upstream returned ${a.data.length} embeddings for ${expected} inputs`, {
        code: "invalid_upstream_response",
      });
    }
    for (const e of [...a.data].sort((x, y) => x.index - y.index)) {
      const v = e.embedding;
      const embedding = base64
        ? typeof v === "string"
          ? v
          : floatsToBase64(v)
        : typeof v === "string"
          ? base64ToFloats(v)
          : v;
      data.push({ object: "embedding", index: offset + e.index, embedding });
    }
    offset += expected;
    prompt += a.usage.prompt_tokens;
    total += a.usage.total_tokens;
  });
  return { object: "list", data, model: answers[0]!.model, usage: { prompt_tokens: prompt, total_tokens: total } };
}

/** POST /v1/embeddings. */
export const embeddingsOperation: Operation<EmbeddingsRequest, EmbeddingsResponse> = {
  name: "embeddings",
  parse(body) {
    const json = parseJsonObject(jsonText(body));
    return fastEmbeddingsRequest(json) ?? validated(EmbeddingsRequest, json);
  },
  model: (r) => r.model,
  stream: () => false,
  costBound(r, deployments) {
    const tokens = promptTokenBound(r.input);
    let worst = 0;
    for (const d of deployments) worst = Math.max(worst, Math.ceil(tokens * (pricesFor(d, lookupPrice)?.input ?? 0)));
    return worst;
  },
  call: embed,
  respond: (out, close) => jsonAnswer(out, close, { promptTokens: out.usage.prompt_tokens, completionTokens: 0 }),
  cache: embeddingsCache,
};
