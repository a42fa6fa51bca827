import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { chat, json, newKey, pricedModels, replyJson, usage } from "../helpers/keys.js";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";

// model_max_budget: a key's budget per model group, enforced as exactly as its own budget.
let up: MockUpstream;
let gw: TestGateway;

beforeAll(async () => {
  up = await startMockUpstream((_req, res) => replyJson(res, usage(10, 40)));
  gw = await startGateway({ config: configWith(pricedModels(up.url)) });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

describe("per-model budgets on a key", () => {
  it("refuses a model once its own budget is spent, while the key's other models keep working", async () => {
    // "priced" costs 1 µ$ per output token: 40 per request, reserved as 100 (max_tokens). After one request,
    // 40 spent + the next bound of 100 no longer fits 120.
    const k = await newKey(gw, { model_max_budget: { priced: { budget_limit: 0.00012 } } });
    const first = await chat(gw, k.key, { model: "priced", max_tokens: 100 });
    expect(first.status).toBe(200);
    const second = await chat(gw, k.key, { model: "priced", max_tokens: 100 });
    expect(second.status).toBe(429);
    const body = await json<{ error: { message: string; code: string } }>(second);
    expect(body.error.message).toMatch(/Budget has been exceeded!/);
    expect(body.error.message).toMatch(/priced/);
    const other = await chat(gw, k.key, { model: "pricey", max_tokens: 100 });
    expect(other.status).toBe(200);
  });

  it("a model budget under a pattern covers every group it matches", async () => {
    const k = await newKey(gw, { model_max_budget: { "pric*": { budget_limit: 0.00005 } } });
    expect((await chat(gw, k.key, { model: "priced", max_tokens: 10 })).status).toBe(200);
    // 40 µ$ spent of 50: pricey's bound (2 µ$ × 10 tokens = 20) no longer fits
    expect((await chat(gw, k.key, { model: "pricey", max_tokens: 10 })).status).toBe(429);
  });
});
