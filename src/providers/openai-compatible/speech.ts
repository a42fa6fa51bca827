import type { SpeechRequest } from "../../openai/audio.js";
import type { OperationAdapter, SpeechResult, UpstreamRequest } from "../provider.js";
import { speechBody, speechResult } from "../shared/speech.js";
import { parseOpenAIError } from "./error.js";
import { baseOf, vendorHeaders } from "./vendor-request.js";
import type { VendorRow } from "./vendors.js";

/** POST {base}/audio/speech in OpenAI's shape; the audio is streamed through as it arrives. */
export function openAICompatibleSpeech(row: VendorRow): OperationAdapter<SpeechRequest, SpeechResult> {
  return {
    answer: "raw",
    buildRequest(ctx): UpstreamRequest {
      return {
        url: `${baseOf(row, ctx.deployment).replace(/\/+$/, "")}/audio/speech`,
        headers: vendorHeaders(row, ctx.deployment),
        body: speechBody(ctx.request, ctx.deployment.model),
      };
    },
    parseResponse: (ctx, answer) => speechResult({ answer, request: ctx.request, provider: row.name }),
    parseError: (_ctx, res) => parseOpenAIError(row.name, res),
  };
}
