import type { TextCompletionRequest } from "../../openai/completions.js";
import type { ChatAdapter, UpstreamRequest } from "../provider.js";
import { textCompletionBody, textStreamMapper, textToChatCompletion } from "../shared/text-completion.js";
import { parseAzureError } from "./error.js";
import { azureTarget } from "./request.js";

/** Azure OpenAI legacy completions ({deployment}/completions), for gpt-35-turbo-instruct deployments. */
export const azureTextCompletion: ChatAdapter<TextCompletionRequest> = {
  name: "azure",
  streamFraming: "sse",
  unsupportedParams: () => [],
  buildRequest(ctx): UpstreamRequest {
    const t = azureTarget(ctx.deployment, "completions");
    return {
      url: t.url,
      headers: t.headers,
      body: textCompletionBody(ctx, { model: t.v1 ? ctx.deployment.model : undefined, streamOptions: true }),
    };
  },
  parseResponse: (ctx, body) => textToChatCompletion(ctx, { body, provider: "azure" }),
  createStreamMapper: (ctx) => textStreamMapper(ctx, "azure"),
  parseError: (_ctx, res) => parseAzureError(res),
};
