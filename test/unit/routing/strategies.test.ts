import { describe, expect, test } from "vitest";
import { costBased } from "../../../src/routing/strategies/cost-based.js";
import { latencyBased } from "../../../src/routing/strategies/latency-based.js";
import { leastBusy } from "../../../src/routing/strategies/least-busy.js";
import { simpleShuffle } from "../../../src/routing/strategies/simple-shuffle.js";
import { usageBased } from "../../../src/routing/strategies/usage-based.js";
import type { CandidateView, Strategy } from "../../../src/routing/strategies/candidate-view.js";
import { seededRandom } from "../../helpers/seeded-random.js";
import { view } from "./fixtures.js";

/** Share of `n` choices that landed on each id. */
function shares(
  strategy: Strategy,
  pool: CandidateView[],
  n = 20_000,
  seed = 7,
  latencyBuffer = 0,
): Record<string, number> {
  const random = seededRandom(seed);
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const id = strategy(pool, { random, latencyBuffer }).spec.id;
    counts[id] = (counts[id] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v / n]));
}

/** Within ±3 binomial standard deviations of the expected share (n = 20 000). */
function expectShare(actual: number | undefined, expected: number, n = 20_000): void {
  const sd = Math.sqrt((expected * (1 - expected)) / n);
  expect(actual ?? 0).toBeGreaterThan(expected - 3 * sd);
  expect(actual ?? 0).toBeLessThan(expected + 3 * sd);
}

describe("simple-shuffle", () => {
  test("weights by `weight` when set (unset counts as 1)", () => {
    const s = shares(simpleShuffle, [view({ id: "a", weight: 6 }), view({ id: "b", weight: 3 }), view({ id: "c" })]);
    expectShare(s.a, 0.6);
    expectShare(s.b, 0.3);
    expectShare(s.c, 0.1);
  });

  test("weights by rpm when every deployment sets it and none sets a weight", () => {
    const s = shares(simpleShuffle, [view({ id: "a", rpm: 900 }), view({ id: "b", rpm: 100 })]);
    expectShare(s.a, 0.9);
    expectShare(s.b, 0.1);
  });

  test("weights by tpm when rpm is not set everywhere", () => {
    const s = shares(simpleShuffle, [view({ id: "a", tpm: 1000, rpm: 5 }), view({ id: "b", tpm: 3000 })]);
    expectShare(s.a, 0.25);
    expectShare(s.b, 0.75);
  });

  test("uniform when nothing sets a weight, rpm or tpm", () => {
    const s = shares(simpleShuffle, [view({ id: "a" }), view({ id: "b" }), view({ id: "c" }), view({ id: "d" })]);
    for (const id of ["a", "b", "c", "d"]) expectShare(s[id], 0.25);
  });
});

describe("least-busy", () => {
  test("picks the deployment with the fewest requests in flight", () => {
    const pool = [
      view({ id: "a" }, { inFlight: 3 }),
      view({ id: "b" }, { inFlight: 1 }),
      view({ id: "c" }, { inFlight: 2 }),
    ];
    expect(shares(leastBusy, pool, 200)).toEqual({ b: 1 });
  });

  test("breaks ties at random", () => {
    const s = shares(leastBusy, [
      view({ id: "a" }, { inFlight: 1 }),
      view({ id: "b" }, { inFlight: 1 }),
      view({ id: "c" }, { inFlight: 4 }),
    ]);
    expectShare(s.a, 0.5);
    expectShare(s.b, 0.5);
    expect(s.c).toBeUndefined();
  });
});

describe("usage-based", () => {
  test("picks the lowest token use this minute", () => {
    const pool = [
      view({ id: "a" }, { tokens: 5_000, requests: 1 }),
      view({ id: "b" }, { tokens: 200, requests: 9 }),
      view({ id: "c" }, { tokens: 900 }),
    ];
    expect(shares(usageBased, pool, 100)).toEqual({ b: 1 });
  });

  test("equal tokens: fewer requests wins", () => {
    const pool = [view({ id: "a" }, { tokens: 0, requests: 4 }), view({ id: "b" }, { tokens: 0, requests: 2 })];
    expect(shares(usageBased, pool, 100)).toEqual({ b: 1 });
  });
});

describe("latency-based", () => {
  test("picks the lowest mean latency", () => {
    const pool = [
      view({ id: "a" }, { latencyMs: 40 }),
      view({ id: "b" }, { latencyMs: 12 }),
      view({ id: "c" }, { latencyMs: 13 }),
    ];
    expect(shares(latencyBased, pool, 100)).toEqual({ b: 1 });
  });

  test("a deployment without samples is tried first (it counts as fastest)", () => {
    const pool = [view({ id: "a" }, { latencyMs: 5 }), view({ id: "new" })];
    expect(shares(latencyBased, pool, 100)).toEqual({ new: 1 });
  });

  test("lowest_latency_buffer spreads load over deployments within the buffer of the best", () => {
    const pool = [
      view({ id: "a" }, { latencyMs: 10 }),
      view({ id: "b" }, { latencyMs: 14 }),
      view({ id: "c" }, { latencyMs: 16 }),
    ];
    const s = shares(latencyBased, pool, 20_000, 3, 0.5);
    expectShare(s.a, 0.5);
    expectShare(s.b, 0.5);
    expect(s.c).toBeUndefined();
  });
});

describe("cost-based", () => {
  test("picks the cheapest; an unpriced deployment comes after priced ones", () => {
    const pool = [
      view({ id: "unknown" }),
      view({ id: "pricey", costPerToken: 15 }),
      view({ id: "cheap", costPerToken: 0.75 }),
    ];
    expect(shares(costBased, pool, 100)).toEqual({ cheap: 1 });
    expect(shares(costBased, [view({ id: "unknown" }), view({ id: "pricey", costPerToken: 15 })], 100)).toEqual({
      pricey: 1,
    });
  });
});
