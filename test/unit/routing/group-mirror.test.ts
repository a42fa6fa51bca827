import { describe, expect, test } from "vitest";
import type { Deployment } from "../../../src/providers/deployment.js";
import { RateLimitError } from "../../../src/errors/gateway-error.js";
import { GroupMirrors, MIRROR_TTL_MS, mirrorable } from "../../../src/routing/group-mirror.js";
import {
  applyEvents,
  inspectGroup,
  newGroupState,
  pickDeployment,
  snapshotOf,
  type GroupState,
} from "../../../src/routing/group-state.js";
import { OutcomeOutbox } from "../../../src/routing/outcome-outbox.js";
import { createDeploymentRouter } from "../../../src/routing/route-engine.js";
import type { RouteRequest } from "../../../src/routing/router.js";
import type { RouterStatePort } from "../../../src/routing/router-types.js";
import { seededRandom } from "../../helpers/seeded-random.js";
import { planRoute } from "../../../src/routing/route-plan.js";
import { deployments, manualClock, policy, runtimeConfig } from "./fixtures.js";

/** A routing-state store (one group state per name) that counts the calls each kind of request makes. */
function countingStore(now: () => number) {
  const groups = new Map<string, GroupState>();
  const g = (name: string) => {
    if (!groups.has(name)) groups.set(name, newGroupState());
    return groups.get(name)!;
  };
  const calls = { pick: 0, report: 0, snapshot: 0 };
  const reported: unknown[] = [];
  const port: RouterStatePort = {
    pick: async (name, req) => {
      calls.pick++;
      return pickDeployment(g(name), req, { now: now(), random: Math.random });
    },
    report: async (name, req) => {
      calls.report++;
      reported.push(...req.events);
      return applyEvents(g(name), req.policy, req.events, now(), { countLocal: true });
    },
    snapshot: async (name, req) => {
      calls.snapshot++;
      applyEvents(g(name), req.policy, req.events, now(), { countLocal: true });
      return structuredClone(snapshotOf(g(name)));
    },
    inspect: async (name, ids, ttl) => inspectGroup(g(name), ids, now(), ttl),
  };
  return { port, calls, reported, group: g };
}

function setup(raw: Record<string, unknown>) {
  const clock = manualClock();
  const store = countingStore(clock.now);
  const deferred: Promise<unknown>[] = [];
  const config = runtimeConfig(raw);
  const router = createDeploymentRouter({
    config,
    state: store.port,
    now: clock.now,
    random: seededRandom(5),
    defer: (p) => void deferred.push(p),
    sleep: async () => {},
    outbox: new OutcomeOutbox(),
    outboxDelayMs: 0,
    mirrors: new GroupMirrors(),
  });
  const calls: string[] = [];
  const failing = new Set<string>();
  const run = async () => {
    const req: RouteRequest = {
      plan: planRoute(config, { model: "g", operation: "chat", overrides: {} }),
      stream: false,
      overrides: {},
      trace: { attemptedRetries: 0, attemptedFallbacks: 0 },
    };
    const out = await router.route(req, async (d: Deployment) => {
      calls.push(d.id);
      if (failing.has(d.id)) throw new RateLimitError("slow down", { retryAfter: 1 });
      return d.id;
    });
    router.settle?.(req, { status: 200, promptTokens: 3, completionTokens: 2, latencyMs: 10 });
    await Promise.all(deferred.splice(0));
    return out;
  };
  return { clock, store, run, calls, failing };
}

const latencyGroup = {
  model_list: deployments("g", [{}, {}, {}]),
  router_settings: { routing_strategy: "latency-based-routing" },
};

describe("routing from the isolate's copy of a group's state", () => {
  test("the first choice fetches the copy; later ones need no call until it is a second old, then it refreshes in the background", async () => {
    const { clock, store, run } = setup(latencyGroup);
    await run();
    expect(store.calls).toMatchObject({ pick: 0, snapshot: 1 });
    for (let i = 0; i < 20; i++) await run();
    expect(store.calls.snapshot).toBe(1);
    clock.advance(MIRROR_TTL_MS);
    await run();
    expect(store.calls).toMatchObject({ pick: 0, snapshot: 2 });
  });

  test("a failure here cools the deployment in the copy at once; the store hears of it and counts every request", async () => {
    const { store, run, calls, failing } = setup({
      ...latencyGroup,
      router_settings: { routing_strategy: "simple-shuffle" },
    });
    await run();
    failing.add("g-d1");
    for (let i = 0; i < 12; i++) await run();
    const afterFirstFailure = calls.slice(calls.indexOf("g-d1") + 1);
    expect(afterFirstFailure).not.toContain("g-d1"); // a 429 cools a deployment of a group at once
    const live = await store.port.inspect("g", ["g-d1", "g-d2", "g-d3"], 3_600_000);
    expect(live[0]!.cooling_down).toBe(true);
    expect(live.reduce((n, d) => n + d.rpm_used, 0)).toBe(calls.length); // every attempt counted once
    expect(store.reported.every((e) => (e as { local?: boolean }).local === true)).toBe(true);
  });

  test("another isolate's cooldown reaches this one with the next refresh", async () => {
    const { clock, store, run, calls } = setup({
      ...latencyGroup,
      router_settings: { routing_strategy: "simple-shuffle" },
    });
    await run();
    const p = policy([{ id: "g-d1" }, { id: "g-d2" }, { id: "g-d3" }], {
      cooldown: { allowedFails: 0, cooldownMs: 60_000, disabled: false },
    });
    applyEvents(
      store.group("g"),
      p,
      [
        {
          id: "g-d2",
          result: "failure",
          stream: false,
          tokens: 0,
          completionTokens: 0,
          error: { kind: "RateLimitError", status: 429 },
        },
      ],
      clock.now(),
    );
    clock.advance(MIRROR_TTL_MS);
    await run(); // serves from the old copy, refreshes in the background
    calls.length = 0;
    for (let i = 0; i < 30; i++) await run();
    expect(calls).not.toContain("g-d2");
  });

  test("groups with deployment rpm/tpm limits and least-busy groups still choose through the store", () => {
    expect(mirrorable(policy([{ id: "a" }, { id: "b" }], { strategy: "latency-based-routing" }))).toBe(true);
    expect(mirrorable(policy([{ id: "a", rpm: 10 }, { id: "b" }]))).toBe(false);
    expect(mirrorable(policy([{ id: "a" }, { id: "b", tpm: 10 }]))).toBe(false);
    expect(mirrorable(policy([{ id: "a" }, { id: "b" }], { strategy: "least-busy" }))).toBe(false);
  });

  test("a limited group picks through the store every time", async () => {
    const { store, run } = setup({ model_list: deployments("g", [{ rpm: 1000 }, { rpm: 1000 }]) });
    for (let i = 0; i < 5; i++) await run();
    expect(store.calls).toMatchObject({ pick: 5, snapshot: 0 });
  });
});
