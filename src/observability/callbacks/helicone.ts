import { type HttpSink, required, trimBase } from "./sink.js";
import { stableUuid } from "./stable-id.js";

const timing = (ms: number) => ({ seconds: Math.floor(ms / 1000), milliseconds: ms % 1000 });

/**
 * Helicone's custom logging API (POST {HELICONE_API_BASE}/custom/v1/log, `Authorization: Bearer
 * HELICONE_API_KEY`): one log per request. The request id Helicone shows (`Helicone-Request-Id`)
 * is derived from the idempotency key; Helicone documents no dedupe on it, so a delivery whose
 * success response was lost in transit can appear twice there.
 */
export const heliconeSink: HttpSink = {
  maxBatch: 1,
  build(records, vars, opts) {
    const key = required(vars, "HELICONE_API_KEY", "helicone");
    const base = trimBase(vars("HELICONE_API_BASE") ?? "https://api.worker.helicone.ai");
    const { log, idempotencyKey } = records[0]!;
    const failed = log.status >= 400;
    const meta: Record<string, string> = {
      "Helicone-Request-Id": stableUuid(idempotencyKey),
      "Helicone-Property-Switchyard-Request-Id": log.request_id,
      "Helicone-Property-Model-Group": log.model_group ?? "",
      "Helicone-Property-Provider": log.provider ?? "",
    };
    if (!opts.redactUserInfo && log.end_user) meta["Helicone-User-Id"] = log.end_user;
    if (!opts.redactUserInfo && log.key_alias) meta["Helicone-Property-Key-Alias"] = log.key_alias;
    if (log.tags.length) meta["Helicone-Property-Tags"] = log.tags.join(",");
    const usage = {
      prompt_tokens: log.prompt_tokens,
      completion_tokens: log.completion_tokens,
      total_tokens: log.prompt_tokens + log.completion_tokens,
    };
    const end = log.created_at + log.latency_ms;
    return {
      url: `${base}/custom/v1/log`,
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({
        providerRequest: {
          url: "custom-model-nopath",
          json: {
            model: log.model ?? log.requested_model,
            ...log.model_parameters,
            messages: log.content?.messages ?? [],
          },
          meta,
        },
        providerResponse: {
          status: log.status,
          headers: {},
          json: failed
            ? { error: { message: log.error_message, type: log.error_class } }
            : { id: log.request_id, model: log.model, usage, choices: log.content?.response ?? [] },
        },
        timing: {
          startTime: timing(log.created_at),
          endTime: timing(end),
          ...(log.ttft_ms === null ? {} : { timeToFirstToken: log.ttft_ms }),
        },
      }),
    };
  },
};
