import { type HttpSink, required, trimBase } from "./sink.js";
import { stableUuid } from "./stable-id.js";

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Lunary's ingestion API (POST {LUNARY_API_URL}/v1/runs/ingest, `Authorization: Bearer
 * LUNARY_PUBLIC_KEY`), as LiteLLM's lunary logger sends it: per request an `llm` run with a
 * `start` event and an `end` (or `error`) event. The run id is derived from the idempotency key;
 * Lunary keys runs by it, so a redelivery updates the same run.
 */
export const lunarySink: HttpSink = {
  maxBatch: 50,
  build(records, vars, opts) {
    const key = required(vars, "LUNARY_PUBLIC_KEY", "lunary");
    const base = trimBase(vars("LUNARY_API_URL") ?? "https://api.lunary.ai");
    const events = records.flatMap(({ log, idempotencyKey }) => {
      const runId = stableUuid(idempotencyKey);
      const end = log.created_at + log.latency_ms;
      const start = {
        type: "llm",
        event: "start",
        runId,
        name: log.model ?? log.requested_model,
        timestamp: iso(log.created_at),
        input: log.content?.messages ?? null,
        userId: opts.redactUserInfo ? null : log.end_user,
        tags: log.tags,
        extra: log.model_parameters,
        metadata: {
          request_id: log.request_id,
          model_group: log.model_group,
          provider: log.provider,
          cost_usd: log.cost_micros / 1_000_000,
          ...(opts.redactUserInfo ? {} : { key_alias: log.key_alias, team_id: log.team_id }),
        },
      };
      const finish =
        log.status >= 400
          ? {
              type: "llm",
              event: "error",
              runId,
              timestamp: iso(end),
              error: { message: log.error_message, stack: null },
            }
          : {
              type: "llm",
              event: "end",
              runId,
              timestamp: iso(end),
              output: log.content?.response ?? null,
              tokensUsage: { prompt: log.prompt_tokens, completion: log.completion_tokens },
            };
      return [start, finish];
    });
    return {
      url: `${base}/v1/runs/ingest`,
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ events }),
    };
  },
};
