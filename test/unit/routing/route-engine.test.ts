import { describe, expect, test } from "vitest";
import type { Deployment } from "../../../src/providers/deployment.js";
import {
  APIConnectionError,
  BadRequestError,
  BudgetExceededError,
  ContextWindowExceededError,
  GatewayError,
  InternalServerError,
  RateLimitError,
} from "../../../src/errors/gateway-error.js";
import { OutcomeOutbox } from "../../../src/routing/outcome-outbox.js";
import { createDeploymentRouter, DEFAULT_OUTBOX_DELAY_MS } from "../../../src/routing/route-engine.js";
import { planRoute } from "../../../src/routing/route-plan.js";
import type { RouteOverrides, RouteRequest, Router } from "../../../src/routing/router.js";
import { MemoryRouterState } from "../../../src/routing/memory-router-state.js";
import type { RouterStatePort } from "../../../src/routing/router-types.js";
import { ClientClosedError } from "../../../src/errors/client-closed.js";
import type { CallTimeouts } from "../../../src/upstream/call-provider.js";
import { seededRandom } from "../../helpers/seeded-random.js";
import { deployments, manualClock, runtimeConfig } from "./fixtures.js";

type Behaviour = (call: number) => string | Error;

/** A router on memory state, an injected clock, recorded sleeps and deferred work run in order. */
function harness(
  raw: Record<string, unknown>,
  opts: { state?: RouterStatePort; outbox?: OutcomeOutbox; sleep?: (ms: number) => Promise<void> } = {},
) {
  const clock = manualClock();
  const random = seededRandom(3);
  const config = runtimeConfig(raw);
  const memory = new MemoryRouterState({ now: clock.now, random });
  const state = opts.state ?? memory;
  const sleeps: number[] = [];
  const deferred: Promise<unknown>[] = [];
  const router: Router = createDeploymentRouter({
    config,
    state,
    now: clock.now,
    random,
    defer: (p) => void deferred.push(p),
    outbox: opts.outbox,
    sleep:
      opts.sleep ??
      (async (ms) => {
        sleeps.push(ms);
        clock.advance(ms);
      }),
  });
  const behaviours = new Map<string, Behaviour>();
  const calls: string[] = [];
  const timeouts: CallTimeouts[] = [];
  const attempt = async (d: Deployment, t: CallTimeouts) => {
    calls.push(d.id);
    timeouts.push(t);
    const n = calls.filter((c) => c === d.id).length;
    const out = (behaviours.get(d.id) ?? (() => "ok"))(n);
    if (out instanceof Error) throw out;
    return `${d.id}:${out}`;
  };
  /** A request as the pipeline makes it: its route planned first (an unknown model throws there). */
  const request = (model: string, overrides: RouteOverrides = {}, stream = false): RouteRequest => ({
    plan: planRoute(config, { model, operation: "chat", overrides }),
    stream,
    overrides,
    trace: { attemptedRetries: 0, attemptedFallbacks: 0 },
  });
  /** Route and settle like the pipeline does; returns the result or the error. */
  const run = async (req: RouteRequest): Promise<string | GatewayError | Error> => {
    try {
      const out = await router.route(req, attempt);
      router.settle?.(req, { status: 200, promptTokens: 10, completionTokens: 5, latencyMs: 0 });
      await Promise.all(deferred.splice(0));
      return out;
    } catch (e) {
      router.settle?.(req, {
        status: e instanceof GatewayError ? e.status : 500,
        error: e,
        promptTokens: 0,
        completionTokens: 0,
        latencyMs: 0,
      });
      await Promise.all(deferred.splice(0));
      return e as Error;
    }
  };
  return { clock, config, memory, router, behaviours, calls, timeouts, sleeps, run, request, attempt, deferred };
}

const always =
  (e: () => Error): Behaviour =>
  () =>
    e();
const boom = () => new InternalServerError("upstream 500");

describe("retries inside a group", () => {
  test("a failing deployment is retried on another one at once, without sleeping", async () => {
    const h = harness({ model_list: deployments("g", [{}, {}]), router_settings: { num_retries: 2 } });
    h.behaviours.set("g-d1", always(boom));
    h.behaviours.set("g-d2", always(boom));
    const req = h.request("g");
    const out = await h.run(req);
    expect(out).toBeInstanceOf(InternalServerError);
    expect(h.calls.slice(0, 2).sort()).toEqual(["g-d1", "g-d2"]);
    expect(h.calls).toHaveLength(3); // 1 + num_retries
    expect(h.sleeps).toHaveLength(1); // only the third attempt repeats a failed deployment
    expect(req.trace.attemptedRetries).toBe(2);
  });

  test("one of two deployments failing: every request succeeds and the bad one stops being called", async () => {
    const h = harness({
      model_list: deployments("g", [{}, {}]),
      router_settings: { allowed_fails: 1, cooldown_time: 30 },
    });
    h.behaviours.set("g-d1", always(boom));
    for (let i = 0; i < 30; i++) expect(await h.run(h.request("g"))).toBe("g-d2:ok");
    expect(h.calls.filter((c) => c === "g-d1")).toHaveLength(2); // allowed_fails 1 → cooled on the 2nd failure
    expect(h.sleeps).toEqual([]);
  });

  test("a lone deployment is retried after backoff; the upstream's retry-after is honoured", async () => {
    const h = harness({ model_list: deployments("g", [{}]), router_settings: { num_retries: 3 } });
    h.behaviours.set("g-d1", (n) =>
      n === 1 ? new RateLimitError("slow down", { retryAfter: 2 }) : n === 2 ? boom() : "ok",
    );
    const req = h.request("g");
    expect(await h.run(req)).toBe("g-d1:ok");
    expect(h.sleeps[0]).toBe(2000);
    expect(h.sleeps[1]).toBeGreaterThanOrEqual(1000); // 2nd retry: 0.5 s × 2 + jitter
    expect(h.sleeps[1]).toBeLessThan(1750);
    expect(req.trace).toMatchObject({ attemptedRetries: 2, deployment: { id: "g-d1" }, group: "g" });
  });

  test("a retry-after longer than 60 s ends the retries", async () => {
    const h = harness({ model_list: deployments("g", [{}]), router_settings: { num_retries: 3 } });
    h.behaviours.set(
      "g-d1",
      always(() => new RateLimitError("come back tomorrow", { retryAfter: 3600 })),
    );
    expect(await h.run(h.request("g"))).toBeInstanceOf(RateLimitError);
    expect(h.calls).toEqual(["g-d1"]);
    expect(h.sleeps).toEqual([]);
  });

  test("400-class errors are not retried and not cooled", async () => {
    const h = harness({ model_list: deployments("g", [{}, {}]), router_settings: { allowed_fails: 0 } });
    h.behaviours.set(
      "g-d1",
      always(() => new BadRequestError("bad param")),
    );
    h.behaviours.set(
      "g-d2",
      always(() => new BadRequestError("bad param")),
    );
    for (let i = 0; i < 4; i++) expect(await h.run(h.request("g"))).toBeInstanceOf(BadRequestError);
    expect(h.calls).toHaveLength(4);
    expect(new Set(h.calls)).toEqual(new Set(["g-d1", "g-d2"]));
  });

  test("the request's num_retries and retry_policy decide the count", async () => {
    const h = harness({
      model_list: deployments("g", [{}, {}, {}, {}]),
      router_settings: { num_retries: 0, retry_policy: { InternalServerErrorRetries: 2 } },
    });
    for (const id of ["g-d1", "g-d2", "g-d3", "g-d4"]) h.behaviours.set(id, always(boom));
    await h.run(h.request("g"));
    expect(h.calls).toHaveLength(3);
    h.calls.length = 0;
    await h.run(h.request("g", { numRetries: 0 }));
    expect(h.calls).toHaveLength(1);
  });

  test("a deployment's max_retries caps how often one request calls it", async () => {
    const h = harness({ model_list: deployments("g", [{ max_retries: 0 }]), router_settings: { num_retries: 3 } });
    h.behaviours.set(
      "g-d1",
      always(() => new APIConnectionError("reset")),
    );
    expect(await h.run(h.request("g"))).toBeInstanceOf(APIConnectionError);
    expect(h.calls).toEqual(["g-d1"]);
  });

  test("a closed client ends routing: no retry, no fallback", async () => {
    const h = harness({
      model_list: [...deployments("g", [{}, {}]), ...deployments("h", [{}])],
      router_settings: { fallbacks: [{ g: ["h"] }] },
    });
    h.behaviours.set(
      "g-d1",
      always(() => new ClientClosedError()),
    );
    h.behaviours.set(
      "g-d2",
      always(() => new ClientClosedError()),
    );
    expect(await h.run(h.request("g"))).toBeInstanceOf(ClientClosedError);
    expect(h.calls).toHaveLength(1);
  });
});

describe("errors about the caller", () => {
  test("a budget refusal from inside an attempt ends routing: no retry, no fallback, no mark on the deployment", async () => {
    const h = harness({
      model_list: [...deployments("g", [{}, {}]), ...deployments("h", [{}])],
      router_settings: {
        num_retries: 3,
        allowed_fails: 0,
        fallbacks: [{ g: ["h"] }],
        retry_policy: { DefaultRetries: 3 },
      },
    });
    for (const id of ["g-d1", "g-d2"])
      h.behaviours.set(
        id,
        always(() => new BudgetExceededError("budget spent")),
      );
    expect(await h.run(h.request("g"))).toBeInstanceOf(BudgetExceededError);
    expect(h.calls).toHaveLength(1);
    const live = await h.memory.inspect("g", ["g-d1", "g-d2"], 1000);
    expect(live.map((d) => [d.in_flight, d.failures, d.cooling_down])).toEqual([
      [0, 0, false],
      [0, 0, false],
    ]);
  });
});

describe("fallbacks", () => {
  test("after the group's retries, fallback groups in order; the trace counts them", async () => {
    const h = harness({
      model_list: [...deployments("a", [{}]), ...deployments("b", [{}]), ...deployments("c", [{}])],
      router_settings: { num_retries: 1, fallbacks: [{ a: ["b", "c"] }] },
    });
    h.behaviours.set("a-d1", always(boom));
    h.behaviours.set("b-d1", always(boom));
    const req = h.request("a");
    expect(await h.run(req)).toBe("c-d1:ok");
    expect(h.calls).toEqual(["a-d1", "a-d1", "b-d1", "b-d1", "c-d1"]);
    expect(req.trace).toMatchObject({
      attemptedFallbacks: 2,
      attemptedRetries: 2,
      group: "c",
      deployment: { id: "c-d1" },
    });
  });

  test("when every fallback fails too, the original error is returned", async () => {
    const h = harness({
      model_list: [...deployments("a", [{}]), ...deployments("b", [{}])],
      router_settings: { num_retries: 0, fallbacks: [{ a: ["b"] }] },
    });
    h.behaviours.set(
      "a-d1",
      always(() => new RateLimitError("a is busy")),
    );
    h.behaviours.set("b-d1", always(boom));
    const out = await h.run(h.request("a"));
    expect(out).toBeInstanceOf(RateLimitError);
  });

  test("a context-window error skips retries and goes to context_window_fallbacks", async () => {
    const h = harness({
      model_list: [...deployments("small", [{}, {}]), ...deployments("big", [{}])],
      router_settings: { num_retries: 3, context_window_fallbacks: [{ small: ["big"] }] },
    });
    h.behaviours.set(
      "small-d1",
      always(() => new ContextWindowExceededError("too long")),
    );
    h.behaviours.set(
      "small-d2",
      always(() => new ContextWindowExceededError("too long")),
    );
    expect(await h.run(h.request("small"))).toBe("big-d1:ok");
    expect(h.calls).toHaveLength(2);
  });

  test("the request's fallbacks and disable_fallbacks", async () => {
    const h = harness({
      model_list: [...deployments("a", [{}]), ...deployments("b", [{}]), ...deployments("c", [{}])],
      router_settings: { num_retries: 0, fallbacks: [{ a: ["b"] }] },
    });
    h.behaviours.set("a-d1", always(boom));
    expect(await h.run(h.request("a", { fallbacks: ["c"] }))).toBe("c-d1:ok");
    expect(await h.run(h.request("a", { disableFallbacks: true }))).toBeInstanceOf(InternalServerError);
  });
});

describe("cooldown at the router", () => {
  test("all deployments cooled: 429 no deployments available with retry-after, and no upstream call", async () => {
    const h = harness({ model_list: deployments("g", [{}, {}]), router_settings: { cooldown_time: 10 } });
    h.behaviours.set(
      "g-d1",
      always(() => new RateLimitError("busy")),
    );
    h.behaviours.set(
      "g-d2",
      always(() => new RateLimitError("busy")),
    );
    expect(await h.run(h.request("g"))).toBeInstanceOf(RateLimitError); // both 429 → both cooled at once
    expect(h.calls).toHaveLength(2);
    h.clock.advance(4000);
    const out = await h.run(h.request("g"));
    expect(out).toBeInstanceOf(RateLimitError);
    expect((out as GatewayError).code).toBe("no_deployments_available");
    expect((out as GatewayError).retryAfter).toBe(6);
    expect(h.calls).toHaveLength(2);
    h.clock.advance(6000);
    h.behaviours.set("g-d1", () => "ok");
    h.behaviours.set("g-d2", () => "ok");
    expect(await h.run(h.request("g"))).toMatch(/ok$/);
  });

  test("all cooled with a fallback configured: the fallback serves", async () => {
    const h = harness({
      model_list: [...deployments("g", [{}, {}]), ...deployments("spare", [{}])],
      router_settings: { fallbacks: [{ g: ["spare"] }], num_retries: 0 },
    });
    h.behaviours.set(
      "g-d1",
      always(() => new RateLimitError("busy")),
    );
    h.behaviours.set(
      "g-d2",
      always(() => new RateLimitError("busy")),
    );
    await h.run(h.request("g", { numRetries: 1 }));
    h.calls.length = 0;
    expect(await h.run(h.request("g"))).toBe("spare-d1:ok");
    expect(h.calls).toEqual(["spare-d1"]);
  });
});

describe("state round trips", () => {
  function countingState(inner: RouterStatePort) {
    const counts = { pick: 0, report: 0 };
    const state: RouterStatePort = {
      pick: (g, r) => {
        counts.pick++;
        return inner.pick(g, r);
      },
      report: (g, r) => {
        counts.report++;
        return inner.report(g, r);
      },
      inspect: (g, ids, ttl) => inner.inspect(g, ids, ttl),
    };
    return { state, counts };
  }

  test("a lone deployment without limits never touches the state store", async () => {
    const { state, counts } = countingState(new MemoryRouterState());
    const h = harness({ model_list: deployments("g", [{}]) }, { state });
    for (let i = 0; i < 5; i++) expect(await h.run(h.request("g"))).toBe("g-d1:ok");
    expect(counts).toEqual({ pick: 0, report: 0 });
  });

  test("a group with choices: one pick before each attempt, one report after the request", async () => {
    const { state, counts } = countingState(new MemoryRouterState());
    const h = harness({ model_list: deployments("g", [{}, {}]) }, { state });
    expect(await h.run(h.request("g"))).toMatch(/ok$/);
    expect(counts).toEqual({ pick: 1, report: 1 });
  });

  test("with an outbox, settled outcomes ride on the next pick, or go out in one batch after a short wait", async () => {
    const { state, counts } = countingState(new MemoryRouterState());
    const outbox = new OutcomeOutbox();
    const timers: Array<{ ms: number; fire: () => void }> = [];
    const sleep = (ms: number) => new Promise<void>((fire) => timers.push({ ms, fire }));
    const h = harness(
      { model_list: deployments("g", [{}, {}]), router_settings: { routing_strategy: "least-busy" } },
      { state, outbox, sleep },
    );
    // three requests in flight at once, settled together: no report yet, one flush scheduled
    const reqs = [h.request("g"), h.request("g"), h.request("g")];
    await Promise.all(reqs.map((r) => h.router.route(r, h.attempt)));
    for (const r of reqs) h.router.settle?.(r, { status: 200, promptTokens: 1, completionTokens: 1, latencyMs: 0 });
    expect(counts).toEqual({ pick: 3, report: 0 });
    expect(h.deferred).toHaveLength(1);
    // the next request's pick carries them: in-flight is back to zero before it chooses
    const next = h.request("g");
    await h.router.route(next, h.attempt);
    expect(counts).toEqual({ pick: 4, report: 0 });
    const live = await state.inspect("g", ["g-d1", "g-d2"], 1000);
    expect(live.map((d) => d.in_flight).reduce((a, b) => a + b)).toBe(1);
    expect(live.map((d) => d.successes).reduce((a, b) => a + b)).toBe(3);
    // what is left goes out when the scheduled flush runs
    h.router.settle?.(next, { status: 200, promptTokens: 1, completionTokens: 1, latencyMs: 0 });
    expect(timers.map((t) => t.ms)).toEqual([DEFAULT_OUTBOX_DELAY_MS]); // the flush already scheduled takes it
    for (const t of timers) t.fire();
    await Promise.all(h.deferred.splice(0));
    expect(counts).toEqual({ pick: 4, report: 1 });
    const after = await state.inspect("g", ["g-d1", "g-d2"], 1000);
    expect(after.map((d) => d.in_flight)).toEqual([0, 0]);
    expect(after.map((d) => d.successes).reduce((a, b) => a + b)).toBe(4);
  });

  test("a lone deployment with an rpm limit is enforced through the store", async () => {
    const h = harness({ model_list: deployments("g", [{ rpm: 2 }]) });
    expect(await h.run(h.request("g"))).toBe("g-d1:ok");
    expect(await h.run(h.request("g"))).toBe("g-d1:ok");
    const out = await h.run(h.request("g"));
    expect((out as GatewayError).code).toBe("no_deployments_available");
    expect((out as GatewayError).retryAfter).toBe(60);
    expect((out as GatewayError).message).toMatch(/rpm\/tpm limit/);
  });

  test("an unreachable state store degrades to choosing without it", async () => {
    const broken: RouterStatePort = {
      pick: () => Promise.reject(new Error("DO down")),
      report: () => Promise.reject(new Error("DO down")),
      inspect: () => Promise.reject(new Error("DO down")),
    };
    const h = harness({ model_list: deployments("g", [{}, {}]) }, { state: broken });
    expect(await h.run(h.request("g"))).toMatch(/ok$/);
  });

  test("timeouts reach the attempt: request > deployment > router_settings", async () => {
    const h = harness({
      model_list: deployments("g", [{ stream_timeout: 2 }]),
      router_settings: { timeout: 30, stream_timeout: 5 },
    });
    await h.run(h.request("g"));
    await h.run(h.request("g", { timeoutMs: 1000, streamTimeoutMs: 500 }));
    expect(h.timeouts).toEqual([
      { timeoutMs: 30_000, streamTimeoutMs: 2000 },
      { timeoutMs: 1000, streamTimeoutMs: 500 },
    ]);
  });

  test("an unknown model is a 400 naming it, before any routing", async () => {
    const h = harness({ model_list: deployments("g", [{}]) });
    let out: unknown;
    try {
      await h.run(h.request("nope"));
    } catch (e) {
      out = e;
    }
    expect(h.calls).toEqual([]);
    expect(out).toBeInstanceOf(BadRequestError);
    expect((out as GatewayError).message).toContain('"nope"');
  });
});
