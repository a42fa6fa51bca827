import { describe, expect, it } from "vitest";
import { type SeriesDelta, seriesKey } from "../../../src/observability/metrics/metric-batch.js";
import { MetricsAccumulator } from "../../../src/observability/metrics/metrics-accumulator.js";
import { requestDeltas } from "../../../src/observability/metrics/request-metrics.js";
import { buildRequestLog } from "../../../src/observability/request-log.js";
import type { MetricLabelRule } from "../../../src/observability/settings.js";
import type { SpendRecord } from "../../../src/state/spend-record.js";

// Requests with the same label values share their label objects; their series must still be
// counted exactly apart from those of other label values, and a sent batch owns its own copies.

const record: SpendRecord = {
  request_id: "r1",
  created_at: 1_000_000,
  key_hash: "h1",
  key_alias: "svc",
  team_id: "t1",
  user_id: "u",
  end_user: "e",
  model_group: "gpt",
  requested_model: "gpt",
  deployment_id: "d1",
  provider: "openai",
  model: "gpt-4o",
  prompt_tokens: 3,
  completion_tokens: 4,
  cached_tokens: 0,
  reasoning_tokens: 0,
  cost_micros: 10,
  status: 200,
  error_type: null,
  latency_ms: 500,
  ttft_ms: null,
  stream: false,
  attempted_retries: 0,
  attempted_fallbacks: 0,
  tags: [],
  metadata: {},
  operation: "chat",
};

const logOf = (over: Partial<SpendRecord>) =>
  buildRequestLog({ record: { ...record, ...over }, operation: "chat_completion", redactMessages: false });

function gather(requests: Array<Partial<SpendRecord>>, rules: MetricLabelRule[]): Map<string, SeriesDelta> {
  const sent: SeriesDelta[] = [];
  const acc = new MetricsAccumulator({
    flushIntervalMs: 1,
    setTimer: () => {},
    send: async (b) => void sent.push(...b),
  });
  for (const r of requests) acc.add(requestDeltas(logOf(r), rules), () => {});
  void acc.flush();
  return new Map(sent.map((d) => [seriesKey(d.name, d.labels), d]));
}

const find = (series: Map<string, SeriesDelta>, name: string, labels: Record<string, string>) =>
  [...series.values()].filter((d) => d.name === name && Object.entries(labels).every(([k, v]) => d.labels[k] === v));

describe("requestDeltas", () => {
  it("counts requests per label set exactly and fills one latency bucket per request", () => {
    const series = gather(
      [{ latency_ms: 50 }, { latency_ms: 50 }, { latency_ms: 9000 }, { status: 502, error_type: "upstream" }],
      [],
    );
    const ok = find(series, "litellm_proxy_total_requests_metric", { status_code: "200" });
    expect(ok.map((d) => d.value)).toEqual([3]);
    const failed = find(series, "litellm_proxy_total_requests_metric", { status_code: "502" });
    expect(failed.map((d) => d.value)).toEqual([1]);
    const [latency] = find(series, "litellm_request_total_latency_metric", { model_group: "gpt" });
    expect(latency!.value).toBe(4);
    expect(latency!.sum).toBeCloseTo(0.05 + 0.05 + 9 + 0.5);
    expect(latency!.buckets!.reduce((a, b) => a + b, 0)).toBe(4);
    expect(latency!.buckets!.filter((n) => n > 0).length).toBe(3); // 50 ms twice, 500 ms, 9 s
  });

  it("keeps team labels apart when include_labels asks for them, and a sent batch never changes later labels", () => {
    const rules: MetricLabelRule[] = [{ metrics: [], labels: ["team"] }];
    const first = gather([{ team_id: "t1" }, { team_id: "t2" }, { team_id: "t1" }], rules);
    const total = find(first, "litellm_proxy_total_requests_metric", {});
    expect(total.map((d) => [d.labels.team, d.value]).sort()).toEqual([
      ["t1", 2],
      ["t2", 1],
    ]);
    for (const d of total) d.labels.team = "changed by the receiver";
    const second = gather([{ team_id: "t1" }], rules);
    expect(find(second, "litellm_proxy_total_requests_metric", {}).map((d) => d.labels.team)).toEqual(["t1"]);
  });

  it("10,000 distinct end users and users add no series", () => {
    const one = gather([{}], []);
    const many = gather(
      Array.from({ length: 10_000 }, (_, i) => ({
        end_user: `end-user-${i}`,
        user_id: `user-${i}`,
        request_id: `r${i}`,
      })),
      [{ metrics: [], labels: ["team", "api_key_alias"] }],
    );
    const withTenant = gather([{}], [{ metrics: [], labels: ["team", "api_key_alias"] }]);
    expect(many.size).toBe(withTenant.size);
    expect(withTenant.size).toBe(one.size);
    expect(find(many, "litellm_proxy_total_requests_metric", {}).map((d) => d.value)).toEqual([10_000]);
    expect(JSON.stringify([...many.values()])).not.toContain("end-user-");
  });
});
