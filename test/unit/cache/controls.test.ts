import { describe, expect, it } from "vitest";
import { cacheHeaders, planCache, statusWithoutHit } from "../../../src/cache/cache-plan.js";
import { checkAllowedControls, readCacheControls } from "../../../src/cache/controls.js";
import { cacheSettingsOf } from "../../../src/cache/settings.js";
import { GatewayError } from "../../../src/errors/gateway-error.js";

const settings = (params: Record<string, unknown> = {}) =>
  cacheSettingsOf({ litellm_settings: { cache: true, cache_params: params } })!;
const controls = (body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  readCacheControls(body, new Headers(headers));
const plan = (body: Record<string, unknown> = {}, headers: Record<string, string> = {}, params = {}) =>
  planCache({ settings: settings(params), operation: "chat", body, controls: controls(body, headers) });

function refusal(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (e) {
    if (e instanceof GatewayError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("cache controls (LiteLLM's meaning)", () => {
  it("by default: look up, store with the configured ttl, in the configured namespace", () => {
    expect(plan({}, {}, { ttl: 120, namespace: "prod" })).toEqual({
      namespace: "prod",
      lookup: true,
      store: true,
      ttlMs: 120_000,
      maxAgeMs: undefined,
    });
  });

  it('"no-cache" skips the lookup but still stores the fresh answer', () => {
    expect(plan({ cache: { "no-cache": true } })).toMatchObject({ lookup: false, store: true });
    expect(plan({}, { "cache-control": "no-cache" })).toMatchObject({ lookup: false, store: true });
  });

  it('"no-store" looks up but does not store', () => {
    expect(plan({ cache: { "no-store": true } })).toMatchObject({ lookup: true, store: false });
    expect(plan({}, { "cache-control": "no-store" })).toMatchObject({ lookup: true, store: false });
  });

  it('"ttl" sets this entry\'s lifetime; "s-maxage" (and the max-age header) bounds the age of what is accepted', () => {
    expect(plan({ cache: { ttl: 5 } })).toMatchObject({ ttlMs: 5000 });
    expect(plan({ cache: { "s-maxage": 30 } })).toMatchObject({ maxAgeMs: 30_000 });
    expect(plan({ cache: { "s-max-age": 30 } })).toMatchObject({ maxAgeMs: 30_000 });
    expect(plan({}, { "cache-control": "max-age=10" })).toMatchObject({ maxAgeMs: 10_000 });
    expect(plan({}, { "cache-control": "public, s-maxage=7, no-store" })).toMatchObject({
      maxAgeMs: 7000,
      store: false,
    });
  });

  it('"namespace" by body or x-switchyard-cache-namespace; the body wins when both are set', () => {
    expect(plan({ cache: { namespace: "exp-1" } })).toMatchObject({ namespace: "exp-1" });
    expect(plan({}, { "x-switchyard-cache-namespace": "exp-2" })).toMatchObject({ namespace: "exp-2" });
    expect(plan({ cache: { namespace: "b" } }, { "x-switchyard-cache-namespace": "h" })).toMatchObject({
      namespace: "b",
    });
  });

  it("mode default_off: only a request that sends use-cache uses the cache", () => {
    expect(plan({}, {}, { mode: "default_off" })).toMatchObject({ lookup: false, store: false });
    expect(plan({ cache: { "use-cache": true } }, {}, { mode: "default_off" })).toMatchObject({
      lookup: true,
      store: true,
    });
  });

  it("no plan (no cache headers) when the cache is off, the operation is not cached, or the request is stateful", () => {
    const c = controls();
    expect(planCache({ settings: undefined, operation: "chat", body: {}, controls: c })).toBeUndefined();
    const chatOnly = settings({ supported_call_types: ["acompletion"] });
    expect(planCache({ settings: chatOnly, operation: "embeddings", body: {}, controls: c })).toBeUndefined();
    expect(planCache({ settings: chatOnly, operation: "chat", body: {}, controls: c })).toBeDefined();
    const all = settings();
    const responses = (body: Record<string, unknown>) =>
      planCache({ settings: all, operation: "responses", body: { input: "hi", ...body }, controls: c });
    expect(responses({ store: false })).toBeDefined();
    // stored (the default), continuing a conversation, or in the background: stateful, never cached
    expect(responses({})).toBeUndefined();
    expect(responses({ store: true })).toBeUndefined();
    expect(responses({ store: false, previous_response_id: "resp_1" })).toBeUndefined();
    expect(responses({ store: false, conversation: "conv_1" })).toBeUndefined();
    expect(responses({ store: false, background: true })).toBeUndefined();
  });

  it("malformed controls are a 400 naming the field or header", () => {
    const unknown = refusal(() => controls({ cache: { "no-cach": true } }));
    expect([unknown.status, unknown.param]).toEqual([400, "cache.no-cach"]);
    expect(unknown.message).toContain('unknown cache control "no-cach"');
    const ttl = refusal(() => controls({ cache: { ttl: -1 } }));
    expect([ttl.status, ttl.param]).toEqual([400, "cache.ttl"]);
    const ns = refusal(() => controls({ cache: { namespace: "a/b" } }));
    expect(ns.param).toBe("cache.namespace");
    const header = refusal(() => controls({}, { "cache-control": "max-age=soon" }));
    expect([header.status, header.param]).toEqual([400, "cache-control"]);
    const nsHeader = refusal(() => controls({}, { "x-switchyard-cache-namespace": "" }));
    expect(nsHeader.param).toBe("x-switchyard-cache-namespace");
  });

  it("other Cache-Control directives are ignored, as HTTP asks", () => {
    expect(controls({}, { "cache-control": "public, must-revalidate" }).used).toEqual([]);
  });
});

describe("allowed_cache_controls", () => {
  it("a key limited to some controls gets a 400 naming the one it may not use", () => {
    const e = refusal(() => checkAllowedControls(controls({ cache: { "no-store": true } }), ["no-cache"]));
    expect(e.status).toBe(400);
    expect(e.code).toBe("cache_control_not_allowed");
    expect(e.param).toBe("cache.no-store");
    expect(e.message).toContain('"no-store"');
  });

  it("applies to header controls under the same names", () => {
    const e = refusal(() => checkAllowedControls(controls({}, { "cache-control": "max-age=5" }), ["no-cache"]));
    expect(e.message).toContain('"s-maxage"');
    expect(() => checkAllowedControls(controls({}, { "cache-control": "no-cache" }), ["no-cache"])).not.toThrow();
  });

  it("absent or empty allows every control (LiteLLM's default)", () => {
    const c = controls({ cache: { "no-store": true, ttl: 9, namespace: "x" } });
    expect(() => checkAllowedControls(c, undefined)).not.toThrow();
    expect(() => checkAllowedControls(c, [])).not.toThrow();
    expect(() => checkAllowedControls(c, ["no-store", "ttl", "namespace"])).not.toThrow();
  });
});

describe("cache headers", () => {
  it("HIT with key and age in whole seconds; similarity on a semantic hit", () => {
    expect(cacheHeaders({ status: "HIT", key: "ab", ageMs: 61_900, similarity: 0.97123 })).toEqual({
      "x-switchyard-cache": "HIT",
      "x-switchyard-cache-key": "ab",
      age: "61",
      "x-switchyard-cache-similarity": "0.9712",
    });
  });

  it("MISS when the lookup ran, BYPASS when the request skipped it", () => {
    expect(statusWithoutHit(plan()!)).toBe("MISS");
    expect(statusWithoutHit(plan({ cache: { "no-cache": true } })!)).toBe("BYPASS");
    expect(cacheHeaders({ status: "MISS", key: "k" })).toEqual({
      "x-switchyard-cache": "MISS",
      "x-switchyard-cache-key": "k",
    });
  });
});
