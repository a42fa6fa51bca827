import type { RequestLog } from "../request-log.js";
import { callTypeOf } from "./standard-logging-payload.js";
import { type HttpSink, required, trimBase } from "./sink.js";

const iso = (ms: number) => new Date(ms).toISOString();

/** Who made the request, unless user info is redacted (never the key itself). */
function who(log: RequestLog, redact: boolean): Record<string, unknown> {
  if (redact) return {};
  return {
    user_api_key_hash: log.key_hash,
    user_api_key_alias: log.key_alias,
    user_api_key_team_id: log.team_id,
    user_api_key_team_alias: log.team_alias,
    user_api_key_user_id: log.user_id,
  };
}

/**
 * Langfuse's public ingestion API (POST {LANGFUSE_HOST}/api/public/ingestion, basic auth with
 * LANGFUSE_PUBLIC_KEY:LANGFUSE_SECRET_KEY): per request one `trace-create` and one
 * `generation-create` event. Event ids are derived from the idempotency key, and Langfuse dedupes
 * events by id, so a redelivered batch adds nothing.
 */
export const langfuseSink: HttpSink = {
  maxBatch: 50,
  build(records, vars, opts) {
    const pk = required(vars, "LANGFUSE_PUBLIC_KEY", "langfuse");
    const sk = required(vars, "LANGFUSE_SECRET_KEY", "langfuse");
    const host = trimBase(vars("LANGFUSE_HOST") ?? "https://cloud.langfuse.com");
    const batch = records.flatMap(({ log, idempotencyKey }) => {
      const name = `litellm-${callTypeOf(log.operation)}`;
      const failed = log.status >= 400;
      const end = log.created_at + log.latency_ms;
      const meta = {
        ...who(log, opts.redactUserInfo),
        request_id: log.request_id,
        model_group: log.model_group,
        model_id: log.deployment_id,
        api_base: log.api_base_host,
        status_code: log.status,
        cache_hit: log.cache_hit,
        attempted_retries: log.attempted_retries,
        attempted_fallbacks: log.attempted_fallbacks,
        requester_metadata: log.metadata,
      };
      const input = log.content?.messages ?? null;
      const output = failed ? null : (log.content?.response ?? null);
      return [
        {
          id: `${idempotencyKey}:trace`,
          type: "trace-create",
          timestamp: iso(log.created_at),
          body: {
            id: log.request_id,
            timestamp: iso(log.created_at),
            name,
            userId: opts.redactUserInfo ? null : log.end_user,
            input,
            output,
            metadata: meta,
            tags: log.tags,
          },
        },
        {
          id: `${idempotencyKey}:generation`,
          type: "generation-create",
          timestamp: iso(log.created_at),
          body: {
            id: `${log.request_id}-generation`,
            traceId: log.request_id,
            name,
            startTime: iso(log.created_at),
            endTime: iso(end),
            completionStartTime: log.ttft_ms === null ? null : iso(log.created_at + log.ttft_ms),
            model: log.model ?? log.requested_model,
            modelParameters: log.model_parameters,
            input,
            output,
            usage: {
              input: log.prompt_tokens,
              output: log.completion_tokens,
              total: log.prompt_tokens + log.completion_tokens,
              unit: "TOKENS",
            },
            usageDetails: {
              input: log.prompt_tokens,
              output: log.completion_tokens,
              total: log.prompt_tokens + log.completion_tokens,
            },
            costDetails: { total: log.cost_micros / 1_000_000 },
            level: failed ? "ERROR" : "DEFAULT",
            statusMessage: failed ? log.error_message : null,
            metadata: meta,
          },
        },
      ];
    });
    return {
      url: `${host}/api/public/ingestion`,
      headers: { "content-type": "application/json", authorization: `Basic ${btoa(`${pk}:${sk}`)}` },
      body: JSON.stringify({ batch, metadata: { sdk_name: "switchyard", batch_size: batch.length } }),
    };
  },
};
