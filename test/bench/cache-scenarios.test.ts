import { describe, expect, it } from "vitest";
import { cacheSettingsOf } from "../../src/cache/settings.js";
import { setupConfig } from "../../src/gateway-setup.js";
// @ts-expect-error: plain ESM module of the benchmark
import { DEFAULT_SCENARIOS, SCENARIOS } from "../../bench/scenarios.mjs";

type Scenario = { config(mockUrl: string): string; disabled?: string; extraBody?: Record<string, unknown> };
const scenarios = SCENARIOS as Record<string, Scenario>;

describe("bench cache scenarios", () => {
  it("their configs are valid and turn the KV cache on, on their own upstream path", () => {
    for (const name of ["cache-hit", "cache-miss"]) {
      const text = scenarios[name]!.config("http://127.0.0.1:9999");
      const { runtime } = setupConfig(text, () => undefined);
      expect(cacheSettingsOf(runtime.raw)).toMatchObject({ type: "kv", ttlMs: 3_600_000 });
      expect(runtime.deployments[0]!.params.api_base).toBe("http://127.0.0.1:9999/cached/v1");
    }
    expect(scenarios["cache-miss"]!.extraBody).toEqual({ cache: { "no-store": true } });
  });

  it("run under `--scenario all` beside the core, router and vkey scenarios", () => {
    for (const name of ["cache-hit", "cache-miss"]) expect(scenarios[name]!.disabled).toBeUndefined();
    expect(DEFAULT_SCENARIOS).toEqual(expect.arrayContaining(["core", "router", "vkey", "cache-hit", "cache-miss"]));
  });
});
