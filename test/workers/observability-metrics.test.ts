import parsePrometheus from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, MASTER_KEY, startGateway, type TestGateway } from "../helpers/gateway.js";
import { admin, eventually, json, newKey, replySse, usage } from "../helpers/keys.js";
import { type MockUpstream, sendJson, startMockUpstream } from "../helpers/mock-upstream.js";
import { expectWellFormed, sample, seriesCount } from "../helpers/prometheus-text.js";

// GET /metrics after mixed real traffic through the built worker in workerd: successes, an
// upstream error, a fallback, a cooldown and a budget refusal; exact counts and sums per label
// set, output a Prometheus parser accepts, and series bounded whatever the end users.
let up: MockUpstream;
let gw: TestGateway;

const models = (base: string) => `
  - model_name: gpt
    litellm_params: { model: openai/gpt-4o, api_key: sk-upstream-secret-1, api_base: "${base}/ok/v1", input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 }
    model_info: { id: d1 }
  - model_name: claude
    litellm_params: { model: openai/claude-x, api_key: sk-upstream-secret-2, api_base: "${base}/down/v1" }
    model_info: { id: d2 }
  - model_name: flaky
    litellm_params: { model: openai/flaky-m, api_key: sk-upstream-secret-3, api_base: "${base}/down/v1" }
    model_info: { id: f1 }
  - model_name: pair
    litellm_params: { model: openai/pair-m, api_key: sk-upstream-secret-4, api_base: "${base}/limited/v1", order: 1, cooldown_time: 600 }
    model_info: { id: p1 }
  - model_name: pair
    litellm_params: { model: openai/pair-m, api_key: sk-upstream-secret-4, api_base: "${base}/ok/v1", order: 2 }
    model_info: { id: p2 }`;

beforeAll(async () => {
  up = await startMockUpstream((req, res) => {
    if (req.path.startsWith("/down/")) return sendJson(res, 503, { error: { message: "overloaded" } });
    if (req.path.startsWith("/limited/"))
      return sendJson(res, 429, { error: { message: "slow down" } }, { "retry-after": "1" });
    const body = req.json() as { stream?: boolean; model: string };
    if (body.stream) return replySse(res, usage(10, 5));
    sendJson(res, 200, {
      id: "c",
      object: "chat.completion",
      created: 1,
      model: body.model,
      choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
      usage: usage(10, 5),
    });
  });
  gw = await startGateway({
    config: configWith(
      models(up.url),
      `  metrics_key: scrape-key-0123456789
  metrics_flush_interval: 0.1
router_settings:
  fallbacks: [{ flaky: [gpt] }]
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
  await up?.close();
});

const scrape = async (key = MASTER_KEY) => {
  const res = await gw.call("/metrics", { headers: { authorization: `Bearer ${key}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
};
const chat = (body: Record<string, unknown>, key = MASTER_KEY) =>
  gw.call("/v1/chat/completions", {
    headers: { authorization: `Bearer ${key}` },
    body: { messages: [{ role: "user", content: "hi" }], max_tokens: 10, ...body },
  });
/** The scrape once the total request count reached `n`. */
const scrapeAt = (n: number) =>
  eventually(async () => {
    const t = await scrape();
    const total = parsePrometheus(t)
      .find((f) => f.name === "litellm_proxy_total_requests_metric_total")
      ?.metrics.reduce((a, m) => a + Number((m as { value: string }).value), 0);
    return total === n ? t : undefined;
  }, `${n} requests in the metrics`);

describe("GET /metrics", () => {
  it("counts mixed traffic exactly per label set, in a format a Prometheus parser reads", async () => {
    const teamA = await admin(gw, "/team/new", { team_alias: "Alpha" });
    const teamB = await admin(gw, "/team/new", { team_alias: "Beta" });
    const keyA = await newKey(gw, { team_id: teamA.team_id });
    const keyB = await newKey(gw, { team_id: teamB.team_id, key_alias: "broke", max_budget: 0.00001 }); // 10 µ$
    const statuses = [
      (await chat({ model: "gpt" }, keyA.key)).status,
      (await chat({ model: "gpt", stream: true, stream_options: { include_usage: true } }, keyA.key)).status,
      (await chat({ model: "claude", num_retries: 0 })).status, // upstream 503
      (await chat({ model: "flaky", num_retries: 0 })).status, // 503, then the fallback to gpt
      (await chat({ model: "pair" })).status, // p1 answers 429 and is cooled; the retry goes to p2
      (await chat({ model: "pair" })).status, // p1 is cooling: p2
      (await chat({ model: "gpt" }, keyB.key)).status, // the bound (10 + 10 × 2 µ$) is past the budget
    ];
    expect(statuses).toEqual([200, 200, 503, 200, 200, 200, 429]);
    // p1 was called once: the cooldown kept the second pair request away from it
    expect(up.requests.filter((r) => r.path.startsWith("/limited/"))).toHaveLength(1);

    const text = await scrapeAt(7);
    expectWellFormed(text);
    const families = parsePrometheus(text);
    const byName = new Map(families.map((f) => [f.name, f]));
    expect(byName.get("litellm_proxy_total_requests_metric_total")?.type).toBe("COUNTER");
    expect(byName.get("litellm_request_total_latency_metric")?.type).toBe("HISTOGRAM");
    expect(byName.get("litellm_deployment_state")?.type).toBe("GAUGE");
    expect(families.every((f) => f.type !== "UNTYPED")).toBe(true);

    // requests by model group, status and team (the one tenant label configured, on this metric only)
    const total = (model: string, code: string, team: string) =>
      sample(text, "litellm_proxy_total_requests_metric_total", {
        requested_model: model,
        model_group: model,
        status_code: code,
        status_class: `${code[0]}xx`,
        team,
      });
    expect(total("gpt", "200", teamA.team_id)).toBe(2);
    expect(total("gpt", "200", "")).toBe(1); // the fallback answered on gpt
    expect(total("claude", "503", "")).toBe(1);
    expect(total("pair", "200", "")).toBe(2);
    expect(total("gpt", "429", teamB.team_id)).toBe(1);
    const failed = (model: string, code: string, cls: string) =>
      sample(text, "litellm_proxy_failed_requests_metric_total", {
        requested_model: model,
        model_group: model,
        exception_status: code,
        exception_class: cls,
      });
    expect(failed("claude", "503", "ServiceUnavailableError")).toBe(1);
    expect(failed("gpt", "429", "BudgetExceededError")).toBe(1);
    expect(byName.get("litellm_proxy_failed_requests_metric_total")!.metrics).toHaveLength(2);

    // spend and tokens on gpt: three answers of 10 + 5 tokens at 1 and 2 µ$ per token
    const gpt = { model: "openai/gpt-4o", model_group: "gpt", api_provider: "openai" };
    expect(sample(text, "litellm_spend_metric_total", gpt)).toBeCloseTo(0.00006, 12);
    expect(sample(text, "litellm_input_tokens_metric_total", gpt)).toBe(30);
    expect(sample(text, "litellm_output_tokens_metric_total", gpt)).toBe(15);
    expect(sample(text, "litellm_total_tokens_metric_total", gpt)).toBe(45);

    // deployments: answers, failures, the fallback, the cooldown and each one's state
    const dep = (id: string, model: string, group: string) => ({
      litellm_model_name: model,
      model_id: id,
      api_base: `127.0.0.1:${new URL(up.url).port}`,
      api_provider: "openai",
      requested_model: group,
    });
    expect(sample(text, "litellm_deployment_success_responses_total", dep("d1", "openai/gpt-4o", "gpt"))).toBe(3);
    expect(sample(text, "litellm_deployment_success_responses_total", dep("p2", "openai/pair-m", "pair"))).toBe(2);
    expect(
      sample(text, "litellm_deployment_failure_responses_total", {
        ...dep("d2", "openai/claude-x", "claude"),
        exception_status: "503",
        exception_class: "ServiceUnavailableError",
      }),
    ).toBe(1);
    // the refused request reached no deployment
    expect(sample(text, "litellm_deployment_total_requests_total", dep("d1", "openai/gpt-4o", "gpt"))).toBe(3);
    expect(
      sample(text, "litellm_deployment_successful_fallbacks_total", {
        requested_model: "flaky",
        fallback_model: "gpt",
        exception_status: "200",
        exception_class: "",
      }),
    ).toBe(1);
    const { requested_model: _r, ...p1 } = dep("p1", "openai/pair-m", "pair");
    expect(sample(text, "litellm_deployment_cooled_down_total", { ...p1, exception_status: "429" })).toBe(1);
    expect(byName.get("litellm_deployment_cooled_down_total")!.metrics).toHaveLength(1);
    const state = (id: string, model: string) => {
      const { requested_model: _g, ...labels } = dep(id, model, "");
      return sample(text, "litellm_deployment_state", labels);
    };
    expect(state("d1", "openai/gpt-4o")).toBe(0);
    expect(state("p2", "openai/pair-m")).toBe(0);
    expect(state("d2", "openai/claude-x")).toBe(1); // failing, alone in its group: never cooled
    expect(state("f1", "openai/flaky-m")).toBe(1);
    expect(state("p1", "openai/pair-m")).toBe(2); // cooled down
    expect(sample(text, "switchyard_request_retries_total", { model_group: "pair" })).toBe(1);

    // histograms: per series count = +Inf bucket, cumulative buckets, a sum; the stream's first token
    expect(sample(text, "litellm_request_total_latency_metric_count", gpt)).toBe(3);
    expect(sample(text, "litellm_request_total_latency_metric_bucket", { ...gpt, le: "+Inf" })).toBe(3);
    expect(sample(text, "litellm_request_total_latency_metric_sum", gpt)).toBeGreaterThan(0);
    expect(sample(text, "litellm_llm_api_latency_metric_count", gpt)).toBe(3);
    expect(sample(text, "litellm_llm_api_time_to_first_token_metric_count", gpt)).toBe(1);
    // the refused request has its own latency series (no deployment) but no upstream latency
    const refused = { model: "", model_group: "gpt", api_provider: "" };
    expect(sample(text, "litellm_request_total_latency_metric_count", refused)).toBe(1);
    expect(sample(text, "litellm_llm_api_latency_metric_count", refused)).toBeUndefined();
    const overhead = {
      model_group: "gpt",
      api_provider: "openai",
      api_base: `127.0.0.1:${new URL(up.url).port}`,
      litellm_model_name: "openai/gpt-4o",
    };
    expect(sample(text, "litellm_overhead_latency_metric_count", overhead)).toBe(3);

    // the refused key's remaining budget (from the refusal: nothing spent of 10 µ$)
    expect(
      sample(text, "litellm_remaining_api_key_budget_metric", { hashed_api_key: keyB.token, api_key_alias: "broke" }),
    ).toBeCloseTo(0.00001, 12);
    // no secret, no key
    expect(text).not.toContain("sk-upstream-secret");
    expect(text).not.toContain(keyA.key);
  });

  // 200 here (each new end user is a new account ledger, a Durable Object Miniflare creates on disk);
  // test/unit/pipeline/observed-request.test.ts runs 10,000 through the same spine and metrics.
  it("distinct end users add no series", async () => {
    const before = await scrapeAt(7);
    const send = (i: number) => chat({ model: "pair", user: `end-user-${i}`, mock_response: "hi" });
    for (let b = 0; b < 200; b += 10) {
      const batch = await Promise.all(Array.from({ length: 10 }, (_, i) => send(b + i)));
      for (const r of batch) if (r.status !== 200) throw new Error(`${r.status}: ${JSON.stringify(await json(r))}`);
    }
    const after = await scrapeAt(207);
    expect(
      sample(after, "litellm_deployment_success_responses_total", {
        litellm_model_name: "openai/pair-m",
        model_id: "p2",
        api_base: `127.0.0.1:${new URL(up.url).port}`,
        api_provider: "openai",
        requested_model: "pair",
      }),
    ).toBe(202);
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
