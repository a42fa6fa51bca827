import type { Deployment } from "../deployment.js";
import type { ChatAdapter, Provider, UpstreamRequest } from "../provider.js";
import { authHeaders } from "./auth.js";
import { buildConverseBody, isClaude } from "./convert-request.js";
import { toCompletion } from "./convert-response.js";
import { parseBedrockError, PROVIDER } from "./error.js";
import { bedrockRerank } from "./rerank.js";
import { bedrockStreamMapper } from "./stream.js";
import { converseUrl } from "./url.js";
import { bedrockEmbeddings } from "./embeddings.js";
import { bedrockImages } from "./images.js";
import { bedrockMessages } from "./messages.js";

const UNSUPPORTED = [
  "n",
  "logit_bias",
  "logprobs",
  "top_logprobs",
  "presence_penalty",
  "frequency_penalty",
  "seed",
] as const;

/**
 * AWS Bedrock through the Converse API (POST /model/{id}/converse and /converse-stream),
 * SigV4-signed or with a Bedrock API key; streams in AWS event-stream framing.
 */
export const bedrockAdapter: ChatAdapter = {
  name: PROVIDER,
  streamFraming: "aws-event-stream",
  unsupportedParams(d: Deployment) {
    return isClaude(d.model) ? UNSUPPORTED : [...UNSUPPORTED, "thinking", "reasoning_effort"];
  },
  async buildRequest(ctx): Promise<UpstreamRequest> {
    const body = JSON.stringify(await buildConverseBody(ctx));
    const url = converseUrl(ctx.deployment, ctx.stream);
    return { url, method: "POST", headers: await authHeaders({ ctx, url, body }), body };
  },
  parseResponse: (ctx, body) => toCompletion(ctx, body),
  createStreamMapper: (ctx) => bedrockStreamMapper(ctx),
  parseError: (_ctx, res) => parseBedrockError(res),
};

export const bedrockProvider: Provider = {
  name: PROVIDER,
  defaultEnv: {
    aws_access_key_id: "AWS_ACCESS_KEY_ID",
    aws_secret_access_key: "AWS_SECRET_ACCESS_KEY",
    aws_session_token: "AWS_SESSION_TOKEN",
    aws_region_name: "AWS_REGION_NAME",
    aws_region: "AWS_REGION",
    api_key: "AWS_BEARER_TOKEN_BEDROCK",
  },
  chat: bedrockAdapter,
  embeddings: bedrockEmbeddings,
  imageGeneration: bedrockImages,
  rerank: bedrockRerank,
  messages: bedrockMessages,
};
