import type { TextCompletionRequest } from "../../openai/completions.js";
import type { ChatAdapter, UpstreamRequest } from "../provider.js";
import { textCompletionBody, textStreamMapper, textToChatCompletion } from "../shared/text-completion.js";
import { parseOpenAIError } from "./error.js";
import { baseOf, vendorHeaders } from "./vendor-request.js";
import type { VendorRow } from "./vendors.js";

/** Legacy POST {base}/completions passed natively (text completion models: gpt-3.5-turbo-instruct, vLLM, ...). */
export function openAICompatibleTextCompletion(row: VendorRow): ChatAdapter<TextCompletionRequest> {
  return {
    name: row.name,
    streamFraming: "sse",
    unsupportedParams: () => row.unsupported,
    buildRequest(ctx): UpstreamRequest {
      return {
        url: `${baseOf(row, ctx.deployment).replace(/\/+$/, "")}/completions`,
        headers: vendorHeaders(row, ctx.deployment),
        body: textCompletionBody(ctx, { model: ctx.deployment.model, streamOptions: row.streamOptions }),
      };
    },
    parseResponse: (ctx, body) => textToChatCompletion(ctx, { body, provider: row.name }),
    createStreamMapper: (ctx) => textStreamMapper(ctx, row.name),
    parseError: (_ctx, res) => parseOpenAIError(row.name, res),
  };
}
