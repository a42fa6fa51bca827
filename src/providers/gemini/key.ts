import { BadRequestError, type GatewayError } from "../../errors/gateway-error.js";

/** A Gemini deployment without an API key: a 400 naming where the key comes from. */
export function missingGeminiKey(modelName: string): GatewayError {
  return new BadRequestError(
    `model "${modelName}" (gemini) has no api_key (set litellm_params.api_key or GEMINI_API_KEY)`,
    { code: "missing_api_key" },
  );
}
