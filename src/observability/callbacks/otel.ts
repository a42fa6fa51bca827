import type { RequestLog } from "../request-log.js";
import { type HttpSink, parseHeaderList, required, trimBase } from "./sink.js";
import { stableHex } from "./stable-id.js";

type AnyValue = { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };
interface KeyValue {
  key: string;
  value: AnyValue;
}

function attr(key: string, v: string | number | boolean | null | undefined): KeyValue[] {
  if (v === null || v === undefined) return [];
  if (typeof v === "boolean") return [{ key, value: { boolValue: v } }];
  if (typeof v === "number")
    return [{ key, value: Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v } }];
  return [{ key, value: { stringValue: v } }];
}

/** GenAI semantic conventions' operation names. */
const OPERATIONS: Record<string, string> = {
  chat_completion: "chat",
  completion: "text_completion",
  embedding: "embeddings",
  image_generation: "image_generation",
  responses: "chat",
  messages: "chat",
};

const nanos = (ms: number) => `${BigInt(Math.round(ms)) * 1_000_000n}`;
/** server.address is the host name alone; a port goes to server.port. */
function server(host: string | null): { address?: string; port?: number } {
  if (!host) return {};
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  return m ? { address: m[1], port: m[2] ? Number(m[2]) : undefined } : { address: host };
}
const num = (v: unknown) => (typeof v === "number" ? v : undefined);

/** One CLIENT span per request, with the GenAI semantic conventions' attributes. */
function span(log: RequestLog, idempotencyKey: string, redactUserInfo: boolean) {
  const op = OPERATIONS[log.operation] ?? log.operation;
  const failed = log.status >= 400;
  const p = log.model_parameters;
  const attributes: KeyValue[] = [
    ...attr("gen_ai.operation.name", op),
    ...attr("gen_ai.provider.name", log.provider),
    ...attr("gen_ai.system", log.provider),
    ...attr("gen_ai.request.model", log.requested_model),
    ...attr("gen_ai.response.model", log.model),
    ...attr("gen_ai.request.max_tokens", num(p.max_tokens) ?? num(p.max_completion_tokens)),
    ...attr("gen_ai.request.temperature", num(p.temperature)),
    ...attr("gen_ai.request.top_p", num(p.top_p)),
    ...attr("gen_ai.usage.input_tokens", log.prompt_tokens),
    ...attr("gen_ai.usage.output_tokens", log.completion_tokens),
    ...attr("server.address", server(log.api_base_host).address),
    ...attr("server.port", server(log.api_base_host).port),
    ...attr("error.type", log.error_class),
    ...attr("http.response.status_code", log.status),
    ...attr("switchyard.request_id", log.request_id),
    ...attr("switchyard.model_group", log.model_group),
    ...attr("switchyard.deployment_id", log.deployment_id),
    ...attr("switchyard.cost_usd", log.cost_micros / 1_000_000),
    ...attr("switchyard.cache_hit", log.cache_hit),
    ...attr("switchyard.stream", log.stream),
    ...attr("switchyard.attempted_retries", log.attempted_retries),
    ...attr("switchyard.attempted_fallbacks", log.attempted_fallbacks),
    ...attr("switchyard.tags", log.tags.length ? log.tags.join(",") : null),
    ...attr("switchyard.time_to_first_token_ms", log.ttft_ms),
    ...(redactUserInfo
      ? []
      : [
          ...attr("switchyard.key_alias", log.key_alias),
          ...attr("switchyard.key_hash", log.key_hash),
          ...attr("switchyard.team_id", log.team_id),
          ...attr("switchyard.user_id", log.user_id),
          ...attr("switchyard.end_user", log.end_user),
        ]),
    ...(log.content?.messages === undefined ? [] : attr("gen_ai.input.messages", JSON.stringify(log.content.messages))),
    ...(log.content?.response === undefined
      ? []
      : attr("gen_ai.output.messages", JSON.stringify(log.content.response))),
  ];
  return {
    traceId: stableHex(`${idempotencyKey}:trace`, 32),
    spanId: stableHex(`${idempotencyKey}:span`, 16),
    name: log.requested_model ? `${op} ${log.requested_model}` : op,
    kind: 3, // SPAN_KIND_CLIENT
    startTimeUnixNano: nanos(log.created_at),
    endTimeUnixNano: nanos(log.created_at + log.latency_ms),
    attributes,
    status: failed ? { code: 2, message: log.error_message ?? "" } : { code: 1 },
  };
}

/** The traces URL: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as is, else OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces. */
function tracesUrl(vars: (n: string) => string | undefined): string {
  const exact = vars("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
  if (exact) return exact;
  const base = trimBase(required(vars, "OTEL_EXPORTER_OTLP_ENDPOINT", "otel"));
  return base.endsWith("/v1/traces") ? base : `${base}/v1/traces`;
}

/**
 * OTLP/HTTP with JSON encoding (POST .../v1/traces, `ExportTraceServiceRequest`): one span per
 * request. Trace and span ids are derived from the idempotency key, so a redelivery carries the
 * same ids (backends that dedupe spans by id keep one).
 */
export const otelSink: HttpSink = {
  maxBatch: 100,
  build(records, vars, opts) {
    return {
      url: tracesUrl(vars),
      headers: {
        ...parseHeaderList(vars("OTEL_EXPORTER_OTLP_TRACES_HEADERS") ?? vars("OTEL_EXPORTER_OTLP_HEADERS")),
        "content-type": "application/json",
      },
      body: JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: attr("service.name", vars("OTEL_SERVICE_NAME") ?? "switchyard") },
            scopeSpans: [
              {
                scope: { name: "switchyard" },
                spans: records.map((r) => span(r.log, r.idempotencyKey, opts.redactUserInfo)),
              },
            ],
          },
        ],
      }),
    };
  },
};
