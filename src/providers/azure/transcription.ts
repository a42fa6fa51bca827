import type { TranscriptionRequest } from "../../openai/audio.js";
import type { OperationAdapter, TranscriptionResult, UpstreamRequest } from "../provider.js";
import { transcriptionForm, transcriptionResult, upstreamFormat } from "../shared/transcription.js";
import { parseAzureError } from "./error.js";
import { azureTarget } from "./request.js";

/**
 * Azure OpenAI transcription (whisper, gpt-4o-transcribe deployments): {deployment}/audio/transcriptions
 * with the upload as multipart. Whisper deployments are recognised by base_model or name.
 */
export const azureTranscription: OperationAdapter<TranscriptionRequest, TranscriptionResult> = {
  answer: "raw",
  buildRequest(ctx): UpstreamRequest {
    const d = ctx.deployment;
    const t = azureTarget(d, "audio/transcriptions");
    delete t.headers["content-type"]; // multipart: fetch writes it with the boundary
    const format = upstreamFormat(ctx.request.response_format ?? "json", d.modelInfo.base_model ?? d.model);
    return {
      url: t.url,
      headers: t.headers,
      body: transcriptionForm(ctx.request, { model: t.v1 ? d.model : undefined, format }),
    };
  },
  parseResponse: (ctx, answer) => {
    const d = ctx.deployment;
    const asked = ctx.request.response_format ?? "json";
    const sent = upstreamFormat(asked, d.modelInfo.base_model ?? d.model);
    return transcriptionResult({ answer, asked, sent, provider: "azure" });
  },
  parseError: (_ctx, res) => parseAzureError(res),
};
