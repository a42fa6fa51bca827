import parsePrometheus from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, MASTER_KEY, type TestGateway } from "../helpers/gateway.js";
import { eventually, newKey } from "../helpers/keys.js";
import { finishRequests } from "../helpers/observability.js";
import { startObservedGateway } from "../helpers/observability.js";

// GET /metrics after mixed traffic handed to the observability entry point inside workerd: exact
// counts and sums per label set, output a Prometheus parser accepts, bounded series.
let gw: TestGateway;

const MODELS = `
  - model_name: gpt
    litellm_params: { model: openai/gpt-4o, api_key: sk-upstream-secret-1, api_base: "http://127.0.0.1:9/v1" }
    model_info: { id: d1 }
  - model_name: claude
    litellm_params: { model: anthropic/claude-x, api_key: sk-upstream-secret-2 }
    model_info: { id: d2 }`;

beforeAll(async () => {
  gw = await startObservedGateway({
    config: configWith(
      MODELS,
      `  metrics_key: scrape-key-0123456789
litellm_settings:
  prometheus_metrics_config:
    - group: by-team
      metrics: [litellm_proxy_total_requests_metric]
      include_labels: [team]
`,
    ),
  });
});
afterAll(async () => {
  await gw?.stop();
});

const scrape = async (key = MASTER_KEY) => {
  const res = await gw.call("/metrics", { headers: { authorization: `Bearer ${key}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
};

/** The value of one sample line (exact name and label set). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got: Record<string, string> = {};
    for (const p of (m[3] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) got[p[1]!] = p[2]!;
    const want = Object.entries(labels);
    if (want.length === Object.keys(got).length && want.every(([k, v]) => got[k] === v)) return Number(m[4]);
  }
  return undefined;
}

/** Every line is a comment or a well-formed sample (the text format's grammar). */
function expectWellFormed(text: string): void {
  for (const line of text.trimEnd().split("\n"))
    expect(line).toMatch(
      /^(# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+|[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?[0-9.e+-]+|\+Inf|NaN))$/,
    );
}

const seriesCount = (text: string) => text.split("\n").filter((l) => l && !l.startsWith("#")).length;

describe("GET /metrics", () => {
  it("counts mixed traffic exactly per label set, in a format a Prometheus parser reads", async () => {
    await finishRequests(gw, [
      // two successes on gpt/d1, one of them streamed with a first token at 40 ms
      {
        record: { latency_ms: 100, cost_micros: 1500, prompt_tokens: 10, completion_tokens: 5, team_id: "t-a" },
        llmApiLatencyMs: 80,
        apiBase: "http://user:pw@127.0.0.1:9/v1?key=x",
      },
      {
        record: { latency_ms: 300, stream: true, ttft_ms: 40, cost_micros: 500, team_id: "t-a" },
        llmApiLatencyMs: 250,
        apiBase: "http://127.0.0.1:9/v1",
      },
      // an upstream 503 on claude/d2
      {
        record: {
          model_group: "claude",
          requested_model: "claude",
          deployment_id: "d2",
          provider: "anthropic",
          model: "claude-x",
          status: 503,
          cost_micros: 0,
          prompt_tokens: 0,
          completion_tokens: 0,
          error_type: "api_error",
        },
        error: { kind: "ServiceUnavailableError", message: "upstream unavailable" },
      },
      // a fallback from gpt that succeeded on claude
      {
        record: {
          model_group: "claude",
          requested_model: "gpt",
          deployment_id: "d2",
          provider: "anthropic",
          model: "claude-x",
          attempted_fallbacks: 1,
          attempted_retries: 1,
        },
      },
      // a budget refusal: no deployment was called
      {
        record: {
          deployment_id: null,
          provider: null,
          model: null,
          status: 429,
          cost_micros: 0,
          prompt_tokens: 0,
          completion_tokens: 0,
          error_type: "budget_exceeded",
          team_id: "t-b",
        },
        error: { kind: "BudgetExceededError", message: "budget exceeded" },
      },
    ]);
    const text = await eventually(async () => {
      const t = await scrape();
      const n = sample(t, "litellm_proxy_total_requests_metric_total", {
        requested_model: "gpt",
        model_group: "gpt",
        status_code: "200",
        status_class: "2xx",
        team: "t-a",
      });
      return n === 2 ? t : undefined;
    }, "the flushed metrics");
    expectWellFormed(text);

    // a real parser reads every family with its declared type
    const families = parsePrometheus(text);
    const byName = new Map(families.map((f) => [f.name, f]));
    expect(byName.get("litellm_proxy_total_requests_metric_total")?.type).toBe("COUNTER");
    expect(byName.get("litellm_request_total_latency_metric")?.type).toBe("HISTOGRAM");
    expect(byName.get("litellm_spend_metric_total")?.type).toBe("COUNTER");
    expect(families.every((f) => f.type !== "UNTYPED")).toBe(true);
    const total = byName.get("litellm_proxy_total_requests_metric_total")!.metrics as Array<{
      value: string;
      labels: Record<string, string>;
    }>;
    expect(total.reduce((a, m) => a + Number(m.value), 0)).toBe(5);

    // requests by status and team (the only tenant label configured, on this metric only)
    expect(
      sample(text, "litellm_proxy_total_requests_metric_total", {
        requested_model: "claude",
        model_group: "claude",
        status_code: "503",
        status_class: "5xx",
        team: "",
      }),
    ).toBe(1);
    expect(
      sample(text, "litellm_proxy_total_requests_metric_total", {
        requested_model: "gpt",
        model_group: "gpt",
        status_code: "429",
        status_class: "4xx",
        team: "t-b",
      }),
    ).toBe(1);
    expect(
      sample(text, "litellm_proxy_failed_requests_metric_total", {
        requested_model: "claude",
        model_group: "claude",
        exception_status: "503",
        exception_class: "ServiceUnavailableError",
      }),
    ).toBe(1);
    expect(
      sample(text, "litellm_proxy_failed_requests_metric_total", {
        requested_model: "gpt",
        model_group: "gpt",
        exception_status: "429",
        exception_class: "BudgetExceededError",
      }),
    ).toBe(1);

    // spend and tokens: exact sums
    const gpt = { model: "openai/gpt-4o", model_group: "gpt", api_provider: "openai" };
    expect(sample(text, "litellm_spend_metric_total", gpt)).toBeCloseTo(0.002, 12);
    expect(sample(text, "litellm_input_tokens_metric_total", gpt)).toBe(20);
    expect(sample(text, "litellm_output_tokens_metric_total", gpt)).toBe(10);
    expect(sample(text, "litellm_total_tokens_metric_total", gpt)).toBe(30);

    // deployments, fallbacks
    const d1 = {
      litellm_model_name: "openai/gpt-4o",
      model_id: "d1",
      api_base: "127.0.0.1:9",
      api_provider: "openai",
      requested_model: "gpt",
    };
    expect(sample(text, "litellm_deployment_success_responses_total", d1)).toBe(2);
    const d2 = {
      litellm_model_name: "anthropic/claude-x",
      model_id: "d2",
      api_base: "",
      api_provider: "anthropic",
      requested_model: "claude",
    };
    expect(
      sample(text, "litellm_deployment_failure_responses_total", {
        ...d2,
        exception_status: "503",
        exception_class: "ServiceUnavailableError",
      }),
    ).toBe(1);
    expect(
      sample(text, "litellm_deployment_successful_fallbacks_total", {
        requested_model: "claude",
        fallback_model: "claude",
        exception_status: "200",
        exception_class: "",
      }),
    ).toBe(1);

    // histograms: cumulative buckets, sum and count
    expect(sample(text, "litellm_request_total_latency_metric_count", gpt)).toBe(2);
    expect(sample(text, "litellm_request_total_latency_metric_bucket", { ...gpt, le: "0.1" })).toBe(1);
    expect(sample(text, "litellm_request_total_latency_metric_bucket", { ...gpt, le: "0.25" })).toBeUndefined();
    expect(sample(text, "litellm_request_total_latency_metric_bucket", { ...gpt, le: "0.5" })).toBe(2);
    expect(sample(text, "litellm_request_total_latency_metric_bucket", { ...gpt, le: "+Inf" })).toBe(2);
    expect(sample(text, "litellm_request_total_latency_metric_sum", gpt)).toBeCloseTo(0.4, 9);
    // the refused request (no deployment) has its own series
    expect(
      sample(text, "litellm_request_total_latency_metric_count", { model: "", model_group: "gpt", api_provider: "" }),
    ).toBe(1);
    expect(sample(text, "litellm_llm_api_time_to_first_token_metric_count", gpt)).toBe(1);
    expect(sample(text, "litellm_llm_api_time_to_first_token_metric_sum", gpt)).toBeCloseTo(0.04, 9);
    expect(
      sample(text, "litellm_overhead_latency_metric_sum", {
        model_group: "gpt",
        api_provider: "openai",
        api_base: "127.0.0.1:9",
        litellm_model_name: "openai/gpt-4o",
      }),
    ).toBeCloseTo(0.07, 9);
    // no secret, no key
    expect(text).not.toContain("sk-upstream-secret");
    expect(text).not.toContain("pw@");
  });

  it("10,000 distinct end users add no series", async () => {
    const one = (i: number) => ({
      record: {
        end_user: `end-user-${i}`,
        user_id: `u-${i}`,
        model_group: "claude",
        requested_model: "claude",
        deployment_id: "d2",
        provider: "anthropic",
        model: "claude-x",
      },
    });
    await finishRequests(gw, [one(0)]);
    const before = await eventually(async () => {
      const t = await scrape();
      return sample(t, "litellm_deployment_total_requests_total", {
        litellm_model_name: "anthropic/claude-x",
        model_id: "d2",
        api_base: "",
        api_provider: "anthropic",
        requested_model: "claude",
      }) === 3
        ? t
        : undefined;
    }, "the first end user's request");
    for (let b = 1; b < 10_000; b += 1000)
      await finishRequests(
        gw,
        Array.from({ length: Math.min(1000, 10_000 - b) }, (_, i) => one(b + i)),
      );
    const after = await eventually(async () => {
      const t = await scrape();
      return sample(t, "litellm_deployment_total_requests_total", {
        litellm_model_name: "anthropic/claude-x",
        model_id: "d2",
        api_base: "",
        api_provider: "anthropic",
        requested_model: "claude",
      }) === 10_002
        ? t
        : undefined;
    }, "all 10,000 requests");
    expect(seriesCount(after)).toBe(seriesCount(before));
    expect(after).not.toContain("end-user-");
  });

  it("answers the master key and the metrics_key, and no one else", async () => {
    await scrape("scrape-key-0123456789");
    expect((await gw.call("/metrics", { headers: { authorization: "" } })).status).toBe(401);
    expect((await gw.call("/metrics", { headers: { authorization: "Bearer wrong-key" } })).status).toBe(401);
    const k = await newKey(gw, { key_alias: "not-an-admin" });
    const res = await gw.call("/metrics", { headers: { authorization: `Bearer ${k.key}` } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("admin_only");
  });
});
