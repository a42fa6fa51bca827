import { describe, expect, test } from "vitest";
import { BadRequestError, InternalServerError, RateLimitError } from "../../../src/errors/gateway-error.js";
import type { Deployment } from "../../../src/providers/deployment.js";
import { GroupMirrors } from "../../../src/routing/group-mirror.js";
import { applyEvents, newGroupState, pickDeployment, snapshotOf } from "../../../src/routing/group-state.js";
import { MemoryRouterState } from "../../../src/routing/memory-router-state.js";
import { OutcomeOutbox } from "../../../src/routing/outcome-outbox.js";
import { createDeploymentRouter } from "../../../src/routing/route-engine.js";
import { planRoute } from "../../../src/routing/route-plan.js";
import type { RouteRequest, RouterEvents } from "../../../src/routing/router.js";
import type { RouterStatePort } from "../../../src/routing/router-types.js";
import { seededRandom } from "../../helpers/seeded-random.js";
import { deployments, manualClock, runtimeConfig } from "./fixtures.js";

// The router tells observers when a deployment fails and when it is cooled down: each cooldown
// once, from wherever it was decided (the isolate's copy of the group, or the store).

/** A store that keeps one group state and can hand out copies (so the router uses its mirrors). */
function mirroringStore(now: () => number): RouterStatePort {
  const g = newGroupState();
  return {
    pick: async (_n, req) => pickDeployment(g, req, { now: now(), random: Math.random }),
    report: async (_n, req) =>
      applyEvents(g, req.policy, req.events, now(), { countLocal: true }).filter((c) => !c.local),
    snapshot: async (_n, req) => {
      applyEvents(g, req.policy, req.events, now(), { countLocal: true });
      return structuredClone(snapshotOf(g));
    },
    inspect: async () => [],
  };
}

function setup(opts: { mirrors: boolean; failing: Record<string, () => Error>; raw?: Record<string, unknown> }) {
  const clock = manualClock();
  const config = runtimeConfig({ model_list: deployments("g", [{}, {}]), ...opts.raw });
  const deferred: Promise<unknown>[] = [];
  const failed: Array<[string, number]> = [];
  const cooled: Array<[string, string | undefined, number, number]> = [];
  const events: RouterEvents = {
    deploymentFailed: (_g, d, f) => failed.push([d.id, f.status]),
    deploymentCooledDown: (g, d, c) => cooled.push([g, d?.id, c.failure.status, c.until - clock.now()]),
  };
  const router = createDeploymentRouter({
    config,
    state: opts.mirrors ? mirroringStore(clock.now) : new MemoryRouterState({ now: clock.now, random: Math.random }),
    now: clock.now,
    random: seededRandom(7),
    defer: (p) => void deferred.push(p),
    sleep: async () => {},
    outbox: new OutcomeOutbox(),
    outboxDelayMs: 0,
    mirrors: opts.mirrors ? new GroupMirrors() : undefined,
    events,
  });
  const run = async () => {
    const req: RouteRequest = {
      plan: planRoute(config, { model: "g", operation: "chat", overrides: {} }),
      stream: false,
      overrides: {},
      trace: { attemptedRetries: 0, attemptedFallbacks: 0 },
    };
    let out: unknown;
    try {
      out = await router.route(req, async (d: Deployment) => {
        const fail = opts.failing[d.id];
        if (fail) throw fail();
        return d.id;
      });
      router.settle?.(req, { status: 200, promptTokens: 1, completionTokens: 1, latencyMs: 1 });
    } catch (e) {
      out = e;
      router.settle?.(req, { status: 500, error: e, promptTokens: 0, completionTokens: 0, latencyMs: 1 });
    }
    while (deferred.length) await Promise.all(deferred.splice(0));
    return out;
  };
  return { run, failed, cooled };
}

const rateLimited = () => new RateLimitError("slow down", { retryAfter: 20 });

describe("router events", () => {
  for (const mirrors of [false, true]) {
    test(`a 429 cools the deployment once and is reported as a failure (${mirrors ? "isolate copy" : "store"})`, async () => {
      const h = setup({ mirrors, failing: { "g-d1": rateLimited } });
      // Until d1 has been tried once, some requests land on d2 only; run until d1 failed.
      for (let i = 0; i < 20 && !h.failed.length; i++) expect(await h.run()).toBe("g-d2");
      for (let i = 0; i < 10; i++) expect(await h.run()).toBe("g-d2");
      expect(h.failed).toEqual([["g-d1", 429]]); // cooled: never called again
      // the cooldown lasts the upstream's retry-after (20 s, past the 5 s default)
      expect(h.cooled).toEqual([["g", "g-d1", 429, 20_000]]);
    });
  }

  test("failures under allowed_fails are reported, and the one that cools is announced once", async () => {
    const h = setup({
      mirrors: true,
      failing: { "g-d1": () => new InternalServerError("upstream 500") },
      raw: { router_settings: { allowed_fails: 1, cooldown_time: 30 } },
    });
    for (let i = 0; i < 40 && h.failed.length < 2; i++) expect(await h.run()).toBe("g-d2");
    for (let i = 0; i < 10; i++) await h.run();
    expect(h.failed).toEqual([
      ["g-d1", 500],
      ["g-d1", 500],
    ]);
    expect(h.cooled).toEqual([["g", "g-d1", 500, 30_000]]);
  });

  test("a client error says nothing about the deployment: no failure, no cooldown", async () => {
    const h = setup({
      mirrors: false,
      failing: { "g-d1": () => new BadRequestError("bad"), "g-d2": () => new BadRequestError("bad") },
    });
    for (let i = 0; i < 5; i++) expect(await h.run()).toBeInstanceOf(BadRequestError);
    expect(h.failed).toEqual([]);
    expect(h.cooled).toEqual([]);
  });
});
