import type { TranscriptionRequest } from "../../openai/audio.js";
import type { OperationAdapter, TranscriptionResult, UpstreamRequest } from "../provider.js";
import { transcriptionForm, transcriptionResult, upstreamFormat } from "../shared/transcription.js";
import { parseOpenAIError } from "./error.js";
import { baseOf, vendorHeaders } from "./vendor-request.js";
import type { VendorRow } from "./vendors.js";

/**
 * POST {base}/audio/transcriptions: the upload re-sent as OpenAI's multipart form (fetch sets the
 * boundary), the answer rendered in the client's format (see upstreamFormat).
 */
export function openAICompatibleTranscription(
  row: VendorRow,
): OperationAdapter<TranscriptionRequest, TranscriptionResult> {
  return {
    answer: "raw",
    buildRequest(ctx): UpstreamRequest {
      const d = ctx.deployment;
      const headers = vendorHeaders(row, d);
      delete headers["content-type"];
      const format = upstreamFormat(ctx.request.response_format ?? "json", d.model);
      return {
        url: `${baseOf(row, d).replace(/\/+$/, "")}/audio/transcriptions`,
        headers,
        body: transcriptionForm(ctx.request, { model: d.model, format }),
      };
    },
    parseResponse: (ctx, answer) => {
      const asked = ctx.request.response_format ?? "json";
      return transcriptionResult({
        answer,
        asked,
        sent: upstreamFormat(asked, ctx.deployment.model),
        provider: row.name,
      });
    },
    parseError: (_ctx, res) => parseOpenAIError(row.name, res),
  };
}
