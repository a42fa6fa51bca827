import { afterAll, beforeAll, describe, expect, it } from "vitest";
import OpenAI from "openai";
import { MASTER_KEY, configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { sendJson } from "../helpers/mock-upstream.js";
import { startTaggedUpstream, type TaggedUpstream } from "../helpers/tagged-upstream.js";

// The router in workerd with its Durable Object state, against one loopback mock per deployment
// tag: failing deployments are routed around, cooled, retried and fallen back from.
let up: TaggedUpstream;
let gw: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  up = await startTaggedUpstream();
  const dep = up.deployment;
  const models = [
    dep("flaky", "flaky-bad", "weight: 99"),
    dep("flaky", "flaky-good", "weight: 1"),
    dep("resets", "reset-bad", "order: 1"),
    dep("resets", "reset-good", "order: 2"),
    dep("busy", "busy-a", "order: 1"),
    dep("busy", "busy-b", "order: 2"),
    dep("solo", "solo"),
    dep("cooled", "cooled-a"),
    dep("cooled", "cooled-b"),
    dep("chain-a", "chain-a"),
    dep("chain-b", "chain-b"),
    dep("chain-c", "chain-c"),
  ];
  gw = await startGateway({
    config: configWith(
      models.join("\n"),
      `router_settings:\n  allowed_fails: 1\n  cooldown_time: 30\n  num_retries: 2\n  fallbacks: [{ "chain-a": ["chain-b", "chain-c"] }]\n`,
    ),
  });
  client = new OpenAI({ apiKey: MASTER_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

const ask = (model: string, extra: Record<string, unknown> = {}) =>
  gw.call("/v1/chat/completions", { body: { model, messages: [{ role: "user", content: "hi" }], ...extra } });
const fail500 = (res: import("node:http").ServerResponse) =>
  sendJson(res, 500, { error: { message: "upstream exploded", type: "server_error" } });

describe("router failover (workerd + Durable Objects)", () => {
  it("one of two deployments returning 500s: every request succeeds and the bad one stops being called", async () => {
    up.on("flaky-bad", fail500);
    for (let i = 0; i < 12; i++) {
      const { data, response } = await client.chat.completions
        .create({ model: "flaky", messages: [{ role: "user", content: "hi" }] })
        .withResponse();
      expect(data.choices[0]!.message.content).toBe("hello from flaky-good");
      expect(response.headers.get("x-switchyard-model-id")).toBe("flaky-good");
    }
    // weighted 99:1 towards the bad one, it is still only called until it cools (allowed_fails 1 → 2 failures)
    expect(up.calls("flaky-bad")).toHaveLength(2);
    expect(up.calls("flaky-good")).toHaveLength(12);
  });

  it("a connection reset is retried on the other deployment at once", async () => {
    up.on("reset-bad", (res) => res.socket?.destroy());
    const first = await ask("resets");
    expect(first.status).toBe(200);
    expect(first.headers.get("x-switchyard-model-id")).toBe("reset-good");
    expect(first.headers.get("x-switchyard-attempted-retries")).toBe("1");
    await ask("resets");
    const third = await ask("resets");
    expect(third.headers.get("x-switchyard-attempted-retries")).toBe("0"); // reset-bad is cooling now
    expect(up.calls("reset-bad")).toHaveLength(2);
  });

  it("a 429 cools its deployment at once when the group has another one", async () => {
    up.on("busy-a", (res) => sendJson(res, 429, { error: { message: "Rate limit reached", type: "requests" } }));
    for (let i = 0; i < 4; i++) {
      const res = await ask("busy");
      expect(res.status).toBe(200);
      expect(res.headers.get("x-switchyard-model-id")).toBe("busy-b");
    }
    expect(up.calls("busy-a")).toHaveLength(1);
  });

  it("a 429 with retry-after on a lone deployment is waited out, then retried", async () => {
    up.on("solo", (res, _req, n) => {
      if (n === 1) sendJson(res, 429, { error: { message: "slow down", type: "requests" } }, { "retry-after": "1" });
      else
        sendJson(res, 200, {
          id: "x",
          object: "chat.completion",
          created: 1,
          model: "m",
          choices: [{ index: 0, message: { role: "assistant", content: "finally" }, finish_reason: "stop" }],
        });
    });
    const res = await ask("solo");
    expect(res.status).toBe(200);
    expect(
      ((await res.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content,
    ).toBe("finally");
    expect(res.headers.get("x-switchyard-attempted-retries")).toBe("1");
    const [a, b] = up.calls("solo");
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(950); // the upstream asked for 1 s
  });

  it("all deployments cooled: 429 'no deployments available' with retry-after, without calling upstream", async () => {
    const limited = (res: import("node:http").ServerResponse) =>
      sendJson(res, 429, { error: { message: "quota", type: "requests" } });
    up.on("cooled-a", limited);
    up.on("cooled-b", limited);
    const first = await ask("cooled");
    expect(first.status).toBe(429); // both tried, both cooled; the upstream's own error comes back
    expect(up.calls("cooled-a").length + up.calls("cooled-b").length).toBe(2);
    const err = await client.chat.completions
      .create({ model: "cooled", messages: [{ role: "user", content: "hi" }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const e = err as InstanceType<typeof OpenAI.RateLimitError>;
    expect(e.code).toBe("no_deployments_available");
    expect(e.message).toContain('no deployments available for model "cooled"');
    const retryAfter = Number(e.headers?.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(up.calls("cooled-a").length + up.calls("cooled-b").length).toBe(2);
  });

  it("a fallback chain across groups, in order", async () => {
    up.on("chain-a", fail500);
    up.on("chain-b", fail500);
    const res = await ask("chain-a", { num_retries: 0 });
    expect(res.status).toBe(200);
    expect(
      ((await res.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content,
    ).toBe("hello from chain-c");
    expect(res.headers.get("x-switchyard-attempted-fallbacks")).toBe("2");
    expect(res.headers.get("x-switchyard-model-id")).toBe("chain-c");
    expect(res.headers.get("x-switchyard-model-group")).toBe("chain-c");
    expect(up.calls("chain-a")[0]!.at).toBeLessThanOrEqual(up.calls("chain-b")[0]!.at);
    expect(up.calls("chain-b")[0]!.at).toBeLessThanOrEqual(up.calls("chain-c")[0]!.at);
  });

  it("disable_fallbacks in the request returns the first group's error", async () => {
    const res = await ask("chain-a", { num_retries: 0, disable_fallbacks: true });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("upstream exploded");
  });
});
