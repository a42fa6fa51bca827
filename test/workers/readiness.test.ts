import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM script shared with `npm start` and the benchmark
import { applyMigrations } from "../../scripts/gateway-runtime.mjs";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";

// A fresh state folder: until D1 is migrated the gateway is alive but not ready, and a request that
// needs D1 is a 503 `starting` with retry-after (it was a 500 "no such table: keys"). Once migrated,
// readiness answers 200 with every binding "ok".
let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway({
    config: configWith(`
  - model_name: m
    litellm_params: { model: openai/x, api_key: k, api_base: http://127.0.0.1:9/v1 }`),
    migrate: false,
  });
});
afterAll(async () => {
  await gw?.stop();
});

describe("readiness on a fresh state folder", () => {
  it("is alive but not ready, and answers 503 starting until D1 is migrated, then serves", async () => {
    expect((await gw.call("/health/liveliness")).status).toBe(200);
    const notReady = await gw.call("/health/readiness");
    expect(notReady.status).toBe(503);
    const body = (await notReady.json()) as { bindings: Record<string, string> };
    expect(body.bindings.DB).toContain("migrations not applied yet");
    expect(body.bindings.SPEND_OUTBOX).toBe("ok");

    const early = await gw.call("/key/generate", { body: {} });
    expect(early.status).toBe(503);
    expect(early.headers.get("retry-after")).toBe("1");
    expect(((await early.json()) as { error: { code: string } }).error.code).toBe("starting");

    await applyMigrations(gw.mf);
    const ready = await gw.call("/health/readiness");
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { bindings: Record<string, string> }).bindings).toEqual({
      DB: "ok",
      SPEND_OUTBOX: "ok",
      ACCOUNTS: "ok",
      ROUTER_STATE: "ok",
    });
    expect((await gw.call("/key/generate", { body: {} })).status).toBe(200);
  });
});
