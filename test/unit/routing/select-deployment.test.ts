import { describe, expect, test } from "vitest";
import { selectDeployment } from "../../../src/routing/select-deployment.js";
import type { CandidateView } from "../../../src/routing/strategies/candidate-view.js";
import { seededRandom } from "../../helpers/seeded-random.js";
import { view } from "./fixtures.js";

const NOW = 1_000_000;

function select(views: CandidateView[], opts: { avoid?: string[]; exclude?: string[] } = {}) {
  return selectDeployment({
    views,
    strategy: "simple-shuffle",
    avoid: new Set(opts.avoid ?? []),
    exclude: new Set(opts.exclude ?? []),
    now: NOW,
    random: seededRandom(1),
    latencyBuffer: 0,
  });
}

function chosen(views: CandidateView[], opts: { avoid?: string[]; exclude?: string[] } = {}): string {
  const s = select(views, opts);
  if (!s.ok) throw new Error(`nothing chosen: ${s.reason}`);
  return s.view.spec.id;
}

describe("order", () => {
  test("a higher order serves only when every lower one is unavailable", () => {
    const views = [view({ id: "backup", order: 2 }), view({ id: "primary", order: 1 }), view({ id: "unordered" })];
    expect(chosen(views)).toBe("primary");
    const primaryCooling = [views[0]!, view({ id: "primary", order: 1 }, { coolingUntil: NOW + 1000 }), views[2]!];
    expect(chosen(primaryCooling)).toBe("backup");
    const bothLimited = [view({ id: "backup", order: 2 }, { limitedUntil: NOW + 1 }), primaryCooling[1]!, views[2]!];
    expect(chosen(bothLimited)).toBe("unordered");
  });

  test("a lower order that already failed this request gives way to the next order at once", () => {
    const views = [view({ id: "primary", order: 1 }), view({ id: "backup", order: 2 })];
    const s = select(views, { avoid: ["primary"] });
    expect(s.ok && s.view.spec.id).toBe("backup");
    expect(s.ok && s.repeat).toBe(false);
  });
});

describe("availability", () => {
  test("prefers deployments that have not failed this request; repeats only when none is left", () => {
    const views = [view({ id: "a" }), view({ id: "b" })];
    expect(chosen(views, { avoid: ["a"] })).toBe("b");
    const s = select(views, { avoid: ["a", "b"] });
    expect(s.ok).toBe(true);
    expect(s.ok && s.repeat).toBe(true);
  });

  test("excluded deployments are never chosen", () => {
    expect(chosen([view({ id: "a" }), view({ id: "b" })], { exclude: ["a"], avoid: ["b"] })).toBe("b");
    expect(select([view({ id: "a" })], { exclude: ["a"] })).toEqual({ ok: false, reason: "none", retryAfterMs: 0 });
  });

  test("everything cooling: says so, with the wait until the earliest returns", () => {
    const s = select([
      view({ id: "a" }, { coolingUntil: NOW + 4000 }),
      view({ id: "b" }, { coolingUntil: NOW + 1500 }),
    ]);
    expect(s).toEqual({ ok: false, reason: "cooldown", retryAfterMs: 1500 });
  });

  test("everything at its limit: rate_limit, with the earliest free slot", () => {
    const s = select([
      view({ id: "a", rpm: 1 }, { limitedUntil: NOW + 30_000 }),
      view({ id: "b", rpm: 1 }, { limitedUntil: NOW + 12_000 }),
    ]);
    expect(s).toEqual({ ok: false, reason: "rate_limit", retryAfterMs: 12_000 });
  });

  test("a deployment both cooling and limited frees at the later of the two", () => {
    const s = select([
      view({ id: "a" }, { coolingUntil: NOW + 1000, limitedUntil: NOW + 9000 }),
      view({ id: "b" }, { coolingUntil: NOW + 20_000 }),
    ]);
    expect(s).toEqual({ ok: false, reason: "cooldown_or_rate_limit", retryAfterMs: 9000 });
  });
});
