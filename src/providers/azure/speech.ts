import type { SpeechRequest } from "../../openai/audio.js";
import type { OperationAdapter, SpeechResult, UpstreamRequest } from "../provider.js";
import { speechBody, speechResult } from "../shared/speech.js";
import { parseAzureError } from "./error.js";
import { azureTarget } from "./request.js";

/** Azure OpenAI text to speech: {deployment}/audio/speech, the audio streamed through. */
export const azureSpeech: OperationAdapter<SpeechRequest, SpeechResult> = {
  answer: "raw",
  buildRequest(ctx): UpstreamRequest {
    const t = azureTarget(ctx.deployment, "audio/speech");
    return {
      url: t.url,
      headers: t.headers,
      body: speechBody(ctx.request, t.v1 ? ctx.deployment.model : undefined),
    };
  },
  parseResponse: (ctx, answer) => speechResult({ answer, request: ctx.request, provider: "azure" }),
  parseError: (_ctx, res) => parseAzureError(res),
};
