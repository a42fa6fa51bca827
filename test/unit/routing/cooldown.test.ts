import { describe, expect, test } from "vitest";
import { applyEvents, newGroupState, pickDeployment, type GroupState } from "../../../src/routing/group-state.js";
import { countsTowardCooldown } from "../../../src/routing/cooldown.js";
import type { GroupPolicy, OutcomeEvent } from "../../../src/routing/router-types.js";
import { seededRandom } from "../../helpers/seeded-random.js";
import { manualClock, policy } from "./fixtures.js";

const fail = (id: string, kind: string, status: number, retryAfterS?: number): OutcomeEvent => ({
  id,
  result: "failure",
  stream: false,
  tokens: 0,
  completionTokens: 0,
  error: { kind, status, retryAfterS },
});

function setup(over: Partial<GroupPolicy> = {}, ids = ["a", "b"]) {
  const clock = manualClock();
  const g: GroupState = newGroupState();
  const p = policy(
    ids.map((id) => ({ id })),
    over,
  );
  const random = seededRandom(11);
  /** Which deployments a fresh request could get right now. */
  const reachable = () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const r = pickDeployment(
        g,
        { policy: p, events: [], avoid: [], exclude: [], stream: false },
        { now: clock.now(), random },
      );
      if (!r.ok) return r;
      seen.add(r.id);
      applyEvents(
        g,
        p,
        [{ id: r.id, lease: r.lease, result: "cancelled", stream: false, tokens: 0, completionTokens: 0 }],
        clock.now(),
      );
    }
    return [...seen].sort();
  };
  const report = (...events: OutcomeEvent[]) => applyEvents(g, p, events, clock.now());
  return { clock, g, p, reachable, report };
}

describe("which failures count", () => {
  test("429, 401, 404, 408, 5xx and connection errors count; other 4xx do not", () => {
    expect(countsTowardCooldown({ kind: "RateLimitError", status: 429 })).toBe(true);
    expect(countsTowardCooldown({ kind: "AuthenticationError", status: 401 })).toBe(true);
    expect(countsTowardCooldown({ kind: "NotFoundError", status: 404 })).toBe(true);
    expect(countsTowardCooldown({ kind: "TimeoutError", status: 408 })).toBe(true);
    expect(countsTowardCooldown({ kind: "InternalServerError", status: 500 })).toBe(true);
    expect(countsTowardCooldown({ kind: "ServiceUnavailableError", status: 503 })).toBe(true);
    expect(countsTowardCooldown({ kind: "APIConnectionError", status: 502 })).toBe(true);
    expect(countsTowardCooldown({ kind: "BadRequestError", status: 400 })).toBe(false);
    expect(countsTowardCooldown({ kind: "ContextWindowExceededError", status: 400 })).toBe(false);
    expect(countsTowardCooldown({ kind: "PermissionDeniedError", status: 403 })).toBe(false);
    expect(countsTowardCooldown({ kind: "UnprocessableEntityError", status: 422 })).toBe(false);
  });

  test("400s never cool a deployment, however many", () => {
    const s = setup({ cooldown: { allowedFails: 0, cooldownMs: 5000, disabled: false } });
    for (let i = 0; i < 10; i++) s.report(fail("a", "BadRequestError", 400));
    expect(s.reachable()).toEqual(["a", "b"]);
  });
});

describe("allowed_fails and cooldown_time", () => {
  test("engages on the failure after exactly allowed_fails, and lifts after cooldown_time", () => {
    const s = setup({ cooldown: { allowedFails: 2, cooldownMs: 5000, disabled: false } });
    s.report(fail("a", "InternalServerError", 500));
    s.report(fail("a", "InternalServerError", 500));
    expect(s.reachable()).toEqual(["a", "b"]); // 2 failures are allowed
    s.report(fail("a", "InternalServerError", 500));
    expect(s.reachable()).toEqual(["b"]); // the 3rd cools it
    s.clock.advance(4999);
    expect(s.reachable()).toEqual(["b"]);
    s.clock.advance(1);
    expect(s.reachable()).toEqual(["a", "b"]);
  });

  test("failures older than a minute do not count", () => {
    const s = setup({ cooldown: { allowedFails: 1, cooldownMs: 5000, disabled: false } });
    s.report(fail("a", "InternalServerError", 500));
    s.clock.advance(60_001);
    s.report(fail("a", "InternalServerError", 500));
    expect(s.reachable()).toEqual(["a", "b"]);
    s.clock.advance(1000);
    s.report(fail("a", "InternalServerError", 500));
    expect(s.reachable()).toEqual(["b"]);
  });

  test("after a cooldown the count starts again from zero", () => {
    const s = setup({ cooldown: { allowedFails: 1, cooldownMs: 1000, disabled: false } });
    s.report(fail("a", "TimeoutError", 408), fail("a", "TimeoutError", 408));
    expect(s.reachable()).toEqual(["b"]);
    s.clock.advance(1000);
    s.report(fail("a", "TimeoutError", 408));
    expect(s.reachable()).toEqual(["a", "b"]);
  });

  test("allowed_fails_policy sets the threshold per error class", () => {
    const s = setup({
      cooldown: {
        allowedFails: 0,
        allowedFailsPolicy: { TimeoutErrorAllowedFails: 3 },
        cooldownMs: 5000,
        disabled: false,
      },
    });
    for (let i = 0; i < 3; i++) s.report(fail("a", "TimeoutError", 408));
    expect(s.reachable()).toEqual(["a", "b"]);
    s.report(fail("a", "TimeoutError", 408));
    expect(s.reachable()).toEqual(["b"]);
    s.report(fail("b", "InternalServerError", 500)); // no policy entry: allowed_fails 0 applies
    expect(s.reachable()).toMatchObject({ ok: false, reason: "cooldown" });
  });

  test("a deployment's own cooldown_time overrides the router's; 0 means never cooled", () => {
    const s = setup({ cooldown: { allowedFails: 0, cooldownMs: 5000, disabled: false } });
    s.p.candidates[0]!.cooldownMs = 0;
    s.p.candidates[1]!.cooldownMs = 20_000;
    s.report(fail("a", "InternalServerError", 500), fail("b", "InternalServerError", 500));
    expect(s.reachable()).toEqual(["a"]);
    s.clock.advance(19_999);
    expect(s.reachable()).toEqual(["a"]);
    s.clock.advance(1);
    expect(s.reachable()).toEqual(["a", "b"]);
  });

  test("disable_cooldowns turns it off", () => {
    const s = setup({ cooldown: { allowedFails: 0, cooldownMs: 5000, disabled: true } });
    s.report(fail("a", "RateLimitError", 429), fail("a", "InternalServerError", 500));
    expect(s.reachable()).toEqual(["a", "b"]);
  });

  test("a deployment alone in its group is never cooled", () => {
    const s = setup({ cooldown: { allowedFails: 0, cooldownMs: 5000, disabled: false } }, ["solo"]);
    s.report(fail("solo", "RateLimitError", 429), fail("solo", "InternalServerError", 500));
    expect(s.reachable()).toEqual(["solo"]);
  });
});

describe("rate limits (429)", () => {
  test("a 429 cools at once when the group has another deployment", () => {
    const s = setup({ cooldown: { allowedFails: 5, cooldownMs: 5000, disabled: false } });
    s.report(fail("a", "RateLimitError", 429));
    expect(s.reachable()).toEqual(["b"]);
  });

  test("the upstream's retry-after stretches the cooldown (up to 60 s), never shortens it", () => {
    const s = setup({ cooldown: { allowedFails: 5, cooldownMs: 5000, disabled: false } });
    s.report(fail("a", "RateLimitError", 429, 30));
    s.clock.advance(29_999);
    expect(s.reachable()).toEqual(["b"]);
    s.clock.advance(1);
    expect(s.reachable()).toEqual(["a", "b"]);
    s.report(fail("a", "RateLimitError", 429, 3600));
    s.clock.advance(60_000);
    expect(s.reachable()).toEqual(["a", "b"]);
    s.report(fail("b", "RateLimitError", 429, 1));
    s.clock.advance(4999);
    expect(s.reachable()).toEqual(["a"]);
  });

  test("a later failure extends a running cooldown instead of keeping the first deadline", () => {
    const s = setup({ cooldown: { allowedFails: 5, cooldownMs: 5000, disabled: false } });
    s.report(fail("a", "RateLimitError", 429, 1));
    s.clock.advance(3000);
    s.report(fail("a", "RateLimitError", 429, 10));
    s.clock.advance(9999);
    expect(s.reachable()).toEqual(["b"]);
    s.clock.advance(1);
    expect(s.reachable()).toEqual(["a", "b"]);
  });

  test("with RateLimitErrorAllowedFails set, 429s are counted instead of cooling at once", () => {
    const s = setup({
      cooldown: {
        allowedFails: 0,
        allowedFailsPolicy: { RateLimitErrorAllowedFails: 1 },
        cooldownMs: 5000,
        disabled: false,
      },
    });
    s.report(fail("a", "RateLimitError", 429));
    expect(s.reachable()).toEqual(["a", "b"]);
    s.report(fail("a", "RateLimitError", 429));
    expect(s.reachable()).toEqual(["b"]);
  });

  test("every deployment cooling: no choice, and the wait until the first one returns", () => {
    const s = setup({ cooldown: { allowedFails: 5, cooldownMs: 5000, disabled: false } });
    s.report(fail("a", "RateLimitError", 429));
    s.clock.advance(2000);
    s.report(fail("b", "RateLimitError", 429));
    expect(s.reachable()).toEqual({ ok: false, reason: "cooldown", retryAfterMs: 3000 });
  });
});
