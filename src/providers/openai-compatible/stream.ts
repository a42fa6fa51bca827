import { BadGatewayError } from "../../errors/gateway-error.js";
import type { ProviderContext, StreamMapper } from "../provider.js";
import { toChunk } from "./convert-response.js";
import { parseOpenAIError } from "./error.js";

/** OpenAI SSE: each `data:` is a chunk; `[DONE]` ends; an `error` object inside the stream is an error. */
export function openAIStreamMapper(ctx: ProviderContext, provider: string): StreamMapper {
  return {
    onEvent(ev) {
      const data = ev.data;
      if (data === "[DONE]") return ["done"];
      let value: unknown;
      try {
        value = JSON.parse(data);
      } catch {
        throw new BadGatewayError(`${provider} sent an invalid stream event: ${data.slice(0, 200)}`, { provider });
      }
      if (value && typeof value === "object" && "error" in value && (value as { error: unknown }).error) {
        const status = Number((value as { error: { code?: unknown } }).error.code) || 500;
        throw parseOpenAIError(provider, {
          status: status >= 400 && status < 600 ? status : 500,
          headers: new Headers(),
          body: data,
        });
      }
      return [toChunk(ctx, value, provider)];
    },
  };
}
