import type { ModerationRequest, ModerationResponse } from "../../openai/moderations.js";
import type { OperationAdapter, UpstreamRequest } from "../provider.js";
import { parseUpstreamAs } from "../shared/json.js";
import { UpstreamModeration } from "./api.js";
import { parseOpenAIError } from "./error.js";
import { baseOf, vendorHeaders } from "./vendor-request.js";
import type { VendorRow } from "./vendors.js";

/** POST {base}/moderations in OpenAI's shape. */
export function openAICompatibleModeration(row: VendorRow): OperationAdapter<ModerationRequest, ModerationResponse> {
  return {
    answer: "json",
    buildRequest(ctx): UpstreamRequest {
      const body: Record<string, unknown> = { ...ctx.request, model: ctx.deployment.model };
      delete body.metadata; // the gateway's own (logging) field, not OpenAI's
      return {
        url: `${baseOf(row, ctx.deployment).replace(/\/+$/, "")}/moderations`,
        headers: vendorHeaders(row, ctx.deployment),
        body: JSON.stringify(body),
      };
    },
    parseResponse(ctx, body): ModerationResponse {
      const b = parseUpstreamAs(UpstreamModeration, body, row.name);
      return { id: b.id ?? `modr-${ctx.requestId}`, model: b.model ?? ctx.deployment.model, results: b.results };
    },
    parseError: (_ctx, res) => parseOpenAIError(row.name, res),
  };
}
