import type { Deployment } from "../deployment.js";
import { BadRequestError } from "../../errors/gateway-error.js";
import type { ProviderAdapter, ProviderContext, UpstreamRequest } from "../provider.js";
import { buildOpenAIBody } from "./convert-request.js";
import { toCompletion } from "./convert-response.js";
import { parseOpenAIError } from "./error.js";
import { openAIStreamMapper } from "./stream.js";
import type { VendorRow } from "./vendors.js";

export function chatCompletionsUrl(base: string): string {
  return `${base.replace(/\/+$/, "")}/chat/completions`;
}

function baseOf(row: VendorRow, d: Deployment): string {
  const base = d.params.api_base ?? row.baseUrl;
  if (!base)
    throw new BadRequestError(`model "${d.modelName}" (${row.name}) needs api_base in its litellm_params`, {
      code: "missing_api_base",
    });
  return base;
}

/** The shared OpenAI-style adapter, instantiated once per vendor row. */
export function openAICompatibleAdapter(row: VendorRow): ProviderAdapter {
  const defaultEnv: Record<string, string> = {};
  if (row.apiKeyEnv) defaultEnv.api_key = row.apiKeyEnv;
  if (row.apiBaseEnv) defaultEnv.api_base = row.apiBaseEnv;
  return {
    name: row.name,
    streamFraming: "sse",
    defaultEnv,
    unsupportedParams: () => row.unsupported,
    buildRequest(ctx: ProviderContext): UpstreamRequest {
      const headers: Record<string, string> = { "content-type": "application/json" };
      const key = ctx.deployment.params.api_key;
      if (key) headers.authorization = `Bearer ${key}`;
      else if (!row.keyOptional)
        throw new BadRequestError(
          `model "${ctx.deployment.modelName}" has no api_key (set litellm_params.api_key or ${row.apiKeyEnv})`,
          { code: "missing_api_key" },
        );
      return {
        url: chatCompletionsUrl(baseOf(row, ctx.deployment)),
        headers,
        body: buildOpenAIBody(ctx, { streamOptions: row.streamOptions }),
      };
    },
    parseResponse: (ctx, body) => toCompletion(ctx, body, row.name),
    createStreamMapper: (ctx) => openAIStreamMapper(ctx, row.name),
    parseError: (_ctx, res) => parseOpenAIError(row.name, res),
  };
}
