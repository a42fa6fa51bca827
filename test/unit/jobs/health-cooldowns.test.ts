import { describe, expect, it } from "vitest";
import { healthOutcomes } from "../../../src/jobs/background-health.js";
import { feedHealthToRouter } from "../../../src/jobs/health-cooldowns.js";
import { libraryDeps } from "../../../src/library/gateway.js";
import type { HealthEndpoint } from "../../../src/observability/health/health-report.js";
import { MemoryRouterState } from "../../../src/routing/memory-router-state.js";
import type { CooledDown } from "../../../src/routing/router-types.js";

// Background health-check failures count as failed attempts in the router's cooldown rules.

const T0 = Date.UTC(2026, 4, 1);

function setup(router_settings: Record<string, unknown> = {}) {
  const state = new MemoryRouterState({ now: () => T0, random: () => 0 });
  const deployment = (group: string, id: string) => ({
    model_name: group,
    litellm_params: { model: "openai/m", api_base: `http://127.0.0.1:9/${id}`, api_key: "k" },
    model_info: { id },
  });
  const { deps } = libraryDeps({
    config: {
      model_list: [deployment("pair", "p1"), deployment("pair", "p2"), deployment("lone", "l1")],
      router_settings,
    },
    env: {},
    now: () => T0,
    state: { router: state },
    log: { info() {}, warn() {}, error() {} },
  });
  const endpoint = (group: string, id: string, status?: number, error_type?: string): HealthEndpoint => ({
    model: "openai/m",
    model_name: group,
    model_id: id,
    api_base: null,
    ...(status ? { error: "failed", status, error_type } : {}),
  });
  const check = async (unhealthy: HealthEndpoint[]) => {
    const cooled: Array<[string, string | undefined, CooledDown]> = [];
    const reported = await feedHealthToRouter(
      deps,
      healthOutcomes(deps, {
        healthy_endpoints: [],
        unhealthy_endpoints: unhealthy,
        healthy_count: 0,
        unhealthy_count: unhealthy.length,
      }),
      { deploymentFailed: () => {}, deploymentCooledDown: (g, d, c) => cooled.push([g, d?.id, c]) },
    );
    return { reported, cooled };
  };
  const cooling = async (group: string, ids: string[]) =>
    (await state.inspect(group, ids, 60_000)).filter((s) => s.cooling_down).map((s) => s.id);
  return { check, endpoint, cooling };
}

describe("background health checks feed the router's cooldowns", () => {
  it("a rate-limited deployment is cooled at once, and the cooldown is announced", async () => {
    const h = setup();
    const r = await h.check([h.endpoint("pair", "p1", 429, "RateLimitError")]);
    expect(r.reported).toBe(1);
    expect(await h.cooling("pair", ["p1", "p2"])).toEqual(["p1"]);
    expect(r.cooled.map(([g, id, c]) => [g, id, c.failure.status])).toEqual([["pair", "p1", 429]]);
  });

  it("a 5xx counts like a failed request: cooled once allowed_fails is passed", async () => {
    const h = setup({ allowed_fails: 1 });
    const down = [h.endpoint("pair", "p2", 503, "ServiceUnavailableError")];
    expect((await h.check(down)).cooled).toEqual([]);
    expect(await h.cooling("pair", ["p1", "p2"])).toEqual([]);
    expect((await h.check(down)).cooled.map(([, id]) => id)).toEqual(["p2"]);
    expect(await h.cooling("pair", ["p1", "p2"])).toEqual(["p2"]);
  });

  it("a lone deployment is never cooled, and a 400 says nothing about the deployment", async () => {
    const h = setup({ allowed_fails: 0 });
    const r = await h.check([
      h.endpoint("lone", "l1", 503, "ServiceUnavailableError"),
      h.endpoint("pair", "p1", 400, "BadRequestError"),
    ]);
    expect(r.reported).toBe(1); // the pair's 400 is reported; the lone deployment keeps no state
    expect(r.cooled).toEqual([]);
    expect(await h.cooling("pair", ["p1", "p2"])).toEqual([]);
  });
});
