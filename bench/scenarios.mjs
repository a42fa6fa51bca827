// The gateway configurations the bench runs, and how each one authenticates.
export const MASTER_KEY = "sk-bench-master-0123456789abcdef";
export const MODEL = "bench-model";
export const UPSTREAM_KEY = "sk-bench-upstream-key";

const deployment = (apiBase) => `  - model_name: ${MODEL}
    litellm_params:
      model: openai/${MODEL}
      api_base: ${apiBase}
      api_key: ${UPSTREAM_KEY}
      input_cost_per_token: 0.00000015
      output_cost_per_token: 0.0000006
`;

const general = `general_settings:\n  master_key: ${MASTER_KEY}\n`;
/** The scenarios measure the gateway without observability unless they say otherwise (metrics are on by default). */
const unobserved = `${general}  disable_metrics: true\n`;

const ROUTER_PREFIXES = ["/d1", "/d2", "/d3"];

async function generateKey(gatewayUrl) {
  const res = await fetch(`${gatewayUrl}/key/generate`, {
    method: "POST",
    headers: { authorization: `Bearer ${MASTER_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({
      models: [MODEL],
      rpm_limit: 100_000_000,
      tpm_limit: 100_000_000_000,
      max_budget: 1_000_000,
    }),
  });
  const text = await res.text();
  if (res.status === 404)
    return { skip: "virtual-key scenario: skipped (keys not available: POST /key/generate returned 404)" };
  if (!res.ok)
    return {
      skip: `virtual-key scenario: skipped (POST /key/generate failed: HTTP ${res.status} ${text.slice(0, 300)})`,
    };
  let key;
  try {
    key = JSON.parse(text).key;
  } catch {
    key = undefined;
  }
  if (typeof key !== "string" || !key)
    return {
      skip: `virtual-key scenario: skipped (POST /key/generate answered without a "key": ${text.slice(0, 300)})`,
    };
  return { token: key };
}

/** Per-deployment request counts for the router scenario, from the mock's hit counters. */
function routerSpread(hits) {
  return ROUTER_PREFIXES.map((p) => `${p}: ${hits.get(`${p}/v1/chat/completions`) ?? 0}`).join(", ");
}

export const SCENARIOS = {
  core: {
    title: "core: master key, one OpenAI-compatible deployment",
    config: (mockUrl) => `model_list:\n${deployment(`${mockUrl}/v1`)}${unobserved}`,
    auth: async () => ({ token: MASTER_KEY }),
    // The reference worker is measured beside this scenario's gateway (throughput and CPU).
    reference: true,
  },
  "core-metrics": {
    title: "core + Prometheus metrics only (no logging callback)",
    config: (mockUrl) => `model_list:\n${deployment(`${mockUrl}/v1`)}${general}`,
    auth: async () => ({ token: MASTER_KEY }),
  },
  "core-observed": {
    title: "core + observability: Prometheus metrics and a webhook logging callback (generic_api) on every request",
    config: (mockUrl) =>
      `model_list:\n${deployment(`${mockUrl}/v1`)}` +
      "litellm_settings:\n  success_callback: [webhook]\n  failure_callback: [webhook]\n" +
      `environment_variables:\n  GENERIC_LOGGER_ENDPOINT: ${mockUrl}/callbacks/generic\n${general}`,
    auth: async () => ({ token: MASTER_KEY }),
    note: (mock) =>
      `webhook receiver (whole scenario): ${mock.callbacks.records} records in ${mock.callbacks.batches} deliveries`,
  },
  router: {
    title: "router: group of 3 deployments, routing_strategy latency-based-routing",
    config: (mockUrl) =>
      `model_list:\n${ROUTER_PREFIXES.map((p) => deployment(`${mockUrl}${p}/v1`)).join("")}` +
      `router_settings:\n  routing_strategy: latency-based-routing\n${unobserved}`,
    auth: async () => ({ token: MASTER_KEY }),
    note: (mock) => `requests per deployment (whole scenario): ${routerSpread(mock.hits)}`,
  },
  vkey: {
    title: "virtual key: key from POST /key/generate with rpm_limit, tpm_limit, max_budget",
    config: (mockUrl) => `model_list:\n${deployment(`${mockUrl}/v1`)}${unobserved}`,
    auth: (gatewayUrl) => generateKey(gatewayUrl),
  },
};

/**
 * The response cache (src/cache/, looked up by the spine in src/pipeline/caching/):
 * - cache-hit: identical requests, so every request after the first is answered from KV
 *   (target: throughput >= 1.0x the pass-through's, which calls the upstream every time).
 * - cache-miss: the same requests with `cache: {"no-store": true}`, so each one looks up, misses and
 *   calls upstream (target: latency over the core scenario's within one KV read).
 * The gateway's deployment sits on its own mock path, so the note shows how many requests got through.
 */
const CACHED_PREFIX = "/cached";
const cacheConfig = (mockUrl) =>
  `model_list:\n${deployment(`${mockUrl}${CACHED_PREFIX}/v1`)}` +
  `litellm_settings:\n  cache: true\n  cache_params: { type: kv, ttl: 3600 }\n${unobserved}`;
const upstreamCalls = (hits) =>
  `requests that reached the upstream through the gateway (whole scenario): ${hits.get(`${CACHED_PREFIX}/v1/chat/completions`) ?? 0}`;

SCENARIOS["cache-hit"] = {
  title: "cache hit: litellm_settings.cache on (KV), every request repeats the first",
  config: cacheConfig,
  auth: async () => ({ token: MASTER_KEY }),
  note: (mock) => upstreamCalls(mock.hits),
};
SCENARIOS["cache-miss"] = {
  title: 'cache miss: litellm_settings.cache on (KV), requests send cache: {"no-store": true}',
  config: cacheConfig,
  auth: async () => ({ token: MASTER_KEY }),
  extraBody: { cache: { "no-store": true } },
  note: (mock) => upstreamCalls(mock.hits),
};

/**
 * Anthropic's Messages API (POST /v1/messages, `anthropic-version` sent): the load generator speaks
 * Messages to every target, and the mock answers Messages on /v1/messages. `messages` reaches a Claude
 * deployment (the native path: the body edited at `model` only, the answer passed back as it came);
 * `messages-translated` reaches the OpenAI-compatible deployment (Messages → chat → Messages), so its
 * pass-through row forwards Messages to a Messages mock while the gateway calls chat completions.
 */
const claudeDeployment = (apiBase) => `  - model_name: ${MODEL}
    litellm_params:
      model: anthropic/${MODEL}
      api_base: ${apiBase}
      api_key: ${UPSTREAM_KEY}
      input_cost_per_token: 0.000003
      output_cost_per_token: 0.000015
`;
const MESSAGES_REQUEST = {
  path: "/v1/messages",
  headers: { "anthropic-version": "2023-06-01" },
  body: (extra) => ({
    model: MODEL,
    max_tokens: 64,
    system: "You are a helpful assistant.",
    messages: [{ role: "user", content: "Say hello." }],
    ...extra,
  }),
};
SCENARIOS.messages = {
  title: "messages: POST /v1/messages, master key, one Claude deployment (native path)",
  config: (mockUrl) => `model_list:\n${claudeDeployment(mockUrl)}${unobserved}`,
  auth: async () => ({ token: MASTER_KEY }),
  request: MESSAGES_REQUEST,
};
SCENARIOS["messages-translated"] = {
  title: "messages-translated: POST /v1/messages, master key, one OpenAI-compatible deployment (translated)",
  config: (mockUrl) => `model_list:\n${deployment(`${mockUrl}/v1`)}${unobserved}`,
  auth: async () => ({ token: MASTER_KEY }),
  request: MESSAGES_REQUEST,
};

/**
 * Embeddings (POST /v1/embeddings, two inputs, 1536 dimensions each): non-stream only, no TTFB phase.
 * `embeddings` asks as the official OpenAI clients do by default (`encoding_format: base64`, one string per
 * vector); `embeddings-float` asks for JSON floats (3,072 numbers in the answer).
 */
const embeddingsScenario = (encoding) => ({
  title: `embeddings${encoding === "float" ? "-float" : ""}: POST /v1/embeddings, master key, one OpenAI-compatible deployment, 2 inputs x 1536 dimensions as ${encoding}`,
  config: (mockUrl) => `model_list:\n${deployment(`${mockUrl}/v1`)}${unobserved}`,
  auth: async () => ({ token: MASTER_KEY }),
  request: {
    path: "/v1/embeddings",
    stream: false,
    body: (extra) => ({
      model: MODEL,
      input: ["Say hello.", "The quick brown fox."],
      encoding_format: encoding,
      ...extra,
    }),
  },
});
SCENARIOS.embeddings = embeddingsScenario("base64");
SCENARIOS["embeddings-float"] = embeddingsScenario("float");

export const SCENARIO_NAMES = Object.keys(SCENARIOS);
/** What `--scenario all` runs: every scenario that is not disabled. */
export const DEFAULT_SCENARIOS = SCENARIO_NAMES.filter((n) => !SCENARIOS[n].disabled);
