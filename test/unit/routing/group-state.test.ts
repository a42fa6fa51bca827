import { describe, expect, test } from "vitest";
import {
  applyEvents,
  inspectGroup,
  LEASE_TTL_MS,
  newGroupState,
  pickDeployment,
} from "../../../src/routing/group-state.js";
import type { CandidateSpec, GroupPolicy, PickResult } from "../../../src/routing/router-types.js";
import { seededRandom } from "../../helpers/seeded-random.js";
import { manualClock, policy } from "./fixtures.js";

function setup(candidates: CandidateSpec[], over: Partial<GroupPolicy> = {}) {
  const clock = manualClock(1_700_000_000_000);
  const g = newGroupState();
  const p = policy(candidates, over);
  const random = seededRandom(5);
  const pick = (o: { stream?: boolean } = {}): PickResult =>
    pickDeployment(
      g,
      { policy: p, events: [], avoid: [], exclude: [], stream: o.stream ?? false },
      { now: clock.now(), random },
    );
  const succeed = (
    r: PickResult,
    o: { tokens?: number; completionTokens?: number; latencyMs?: number; ttftMs?: number; stream?: boolean } = {},
  ) => {
    if (!r.ok) throw new Error("no pick");
    applyEvents(
      g,
      p,
      [
        {
          id: r.id,
          lease: r.lease,
          result: "success",
          stream: o.stream ?? false,
          tokens: o.tokens ?? 0,
          completionTokens: o.completionTokens ?? 0,
          latencyMs: o.latencyMs,
          ttftMs: o.ttftMs,
        },
      ],
      clock.now(),
    );
  };
  return { clock, g, p, pick, succeed };
}

describe("rpm and tpm limits", () => {
  test("a deployment at its rpm is skipped; when all are, the wait is until the earliest frees up", () => {
    const s = setup([
      { id: "a", rpm: 2 },
      { id: "b", rpm: 1 },
    ]);
    const got: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = s.pick();
      if (!r.ok) throw new Error("expected a pick");
      got.push(r.id);
      s.clock.advance(10_000);
    }
    expect(got.sort()).toEqual(["a", "a", "b"]);
    const blocked = s.pick();
    // the first request went out 30 s ago: it leaves the sliding minute in ~30 s
    expect(blocked).toMatchObject({ ok: false, reason: "rate_limit" });
    if (blocked.ok) return;
    expect(blocked.retryAfterMs).toBeGreaterThan(29_000);
    expect(blocked.retryAfterMs).toBeLessThanOrEqual(30_000);
    s.clock.advance(blocked.retryAfterMs);
    expect(s.pick().ok).toBe(true);
  });

  test("tpm: tokens reported this minute count; at the limit the deployment is skipped", () => {
    const s = setup(
      [
        { id: "a", tpm: 1000 },
        { id: "b", tpm: 1000 },
      ],
      { strategy: "usage-based-routing-v2" },
    );
    const first = s.pick();
    s.succeed(first, { tokens: 1000 });
    const other = first.ok && first.id === "a" ? "b" : "a";
    for (let i = 0; i < 3; i++) {
      const r = s.pick();
      expect(r.ok && r.id).toBe(other);
      s.succeed(r, { tokens: 10 });
    }
    s.clock.advance(61_000);
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const r = s.pick();
      if (r.ok) ids.add(r.id);
      s.succeed(r, { tokens: 0 });
    }
    expect([...ids].sort()).toEqual(["a", "b"]);
  });
});

describe("in-flight leases", () => {
  test("least-busy balances concurrent requests exactly while they are in flight", () => {
    const s = setup([{ id: "a" }, { id: "b" }, { id: "c" }, { id: "d" }], { strategy: "least-busy" });
    const open = Array.from({ length: 100 }, () => s.pick());
    const counts: Record<string, number> = {};
    for (const r of open) if (r.ok) counts[r.id] = (counts[r.id] ?? 0) + 1;
    expect(counts).toEqual({ a: 25, b: 25, c: 25, d: 25 });
    // finish every request on "a": new work goes there until it catches up
    for (const r of open) if (r.ok && r.id === "a") s.succeed(r);
    const next = Array.from({ length: 25 }, () => s.pick());
    expect(next.every((r) => r.ok && r.id === "a")).toBe(true);
  });

  test("a lease whose outcome never arrives stops counting after the lease TTL", () => {
    const s = setup([{ id: "a" }, { id: "b" }], { strategy: "least-busy" });
    const lost = s.pick();
    expect(inspectGroup(s.g, ["a", "b"], s.clock.now(), 1).reduce((n, d) => n + d.in_flight, 0)).toBe(1);
    s.clock.advance(LEASE_TTL_MS);
    expect(lost.ok).toBe(true);
    expect(inspectGroup(s.g, ["a", "b"], s.clock.now(), 1).map((d) => d.in_flight)).toEqual([0, 0]);
  });
});

describe("latency", () => {
  test("latency-based routing learns per-token latency from reported outcomes", () => {
    const s = setup([{ id: "fast" }, { id: "slow" }], { strategy: "latency-based-routing" });
    // both unmeasured at first; measure each once
    for (const id of ["fast", "slow"]) {
      let r = s.pick();
      while (r.ok && r.id !== id) {
        s.succeed(r, { latencyMs: id === "fast" ? 100 : 1000, completionTokens: 10 });
        r = s.pick();
      }
      s.succeed(r, { latencyMs: id === "fast" ? 100 : 1000, completionTokens: 10 });
    }
    const picks = Array.from({ length: 10 }, () => {
      const r = s.pick();
      s.succeed(r, { latencyMs: 100, completionTokens: 10 });
      return r.ok && r.id;
    });
    expect(new Set(picks)).toEqual(new Set(["fast"]));
    const [fast] = inspectGroup(s.g, ["fast"], s.clock.now(), 3_600_000);
    expect(fast!.avg_latency_ms_per_token).toBe(10);
  });

  test("streams are routed by time to first token", () => {
    const s = setup([{ id: "a" }, { id: "b" }], { strategy: "latency-based-routing" });
    // "a" is faster per token overall but slower to start
    applyEvents(
      s.g,
      s.p,
      [
        { id: "a", result: "success", stream: true, tokens: 0, completionTokens: 100, latencyMs: 1000, ttftMs: 800 },
        { id: "b", result: "success", stream: true, tokens: 0, completionTokens: 100, latencyMs: 2000, ttftMs: 90 },
      ],
      s.clock.now(),
    );
    for (let i = 0; i < 5; i++) expect(s.pick({ stream: true })).toMatchObject({ ok: true, id: "b" });
    for (let i = 0; i < 5; i++) expect(s.pick({ stream: false })).toMatchObject({ ok: true, id: "a" });
  });

  test("a timeout counts as a huge latency", () => {
    const s = setup([{ id: "a" }, { id: "b" }], {
      strategy: "latency-based-routing",
      cooldown: { allowedFails: 99, cooldownMs: 1000, disabled: false },
    });
    applyEvents(
      s.g,
      s.p,
      [
        {
          id: "a",
          result: "failure",
          stream: false,
          tokens: 0,
          completionTokens: 0,
          error: { kind: "TimeoutError", status: 408 },
        },
        { id: "b", result: "success", stream: false, tokens: 0, completionTokens: 10, latencyMs: 5000 },
      ],
      s.clock.now(),
    );
    for (let i = 0; i < 5; i++) expect(s.pick()).toMatchObject({ ok: true, id: "b" });
  });
});

describe("inspect", () => {
  test("reports in-flight, rpm/tpm used, cooldown and the last error (no messages)", () => {
    const s = setup([{ id: "a" }, { id: "b" }], { strategy: "least-busy" });
    const r1 = s.pick();
    s.succeed(r1, { tokens: 120, completionTokens: 20, latencyMs: 200 });
    s.pick();
    applyEvents(
      s.g,
      s.p,
      [
        {
          id: "b",
          result: "failure",
          stream: false,
          tokens: 0,
          completionTokens: 0,
          error: { kind: "RateLimitError", status: 429 },
        },
      ],
      s.clock.now(),
    );
    const [a, b] = inspectGroup(s.g, ["a", "b"], s.clock.now(), 3_600_000);
    expect(a!.rpm_used + b!.rpm_used).toBe(2);
    expect(a!.tpm_used + b!.tpm_used).toBe(120);
    expect(b).toMatchObject({
      cooling_down: true,
      cooldown_remaining_ms: 5000,
      cooldown_reason: "RateLimitError (429)",
      last_error: { kind: "RateLimitError", status: 429 },
    });
    expect(a!.cooling_down).toBe(false);
  });
});
