import { describe, expect, it } from "vitest";
import { add, msUntilAtMost, prune, subtract, total, type Window } from "../../../src/state/minute-window.js";

const S = 1_700_000_000_000; // a whole second

describe("sliding minute window", () => {
  it("keeps one bucket per second and forgets buckets a minute old", () => {
    let w: Window = [];
    w = add(w, S, 1);
    w = add(w, S + 999, 2);
    w = add(w, S + 1_000, 4);
    expect(w).toEqual([
      [S / 1000, 3],
      [S / 1000 + 1, 4],
    ]);
    expect(total(prune(w, S + 59_999))).toBe(7);
    expect(total(prune(w, S + 60_000))).toBe(4);
    expect(prune(w, S + 61_000)).toEqual([]);
  });

  it("counts a late settlement for an earlier second in the newest bucket", () => {
    const w = add(add([], S + 5_000, 1), S + 1_000, 10);
    expect(w).toEqual([[S / 1000 + 5, 11]]);
  });

  it("tells how long until the total is back under a limit", () => {
    const w: Window = [
      [S / 1000, 2],
      [S / 1000 + 10, 1],
      [S / 1000 + 20, 5],
    ];
    expect(msUntilAtMost(w, S + 30_000, 8)).toBe(0);
    expect(msUntilAtMost(w, S + 30_000, 6)).toBe(30_000); // the first bucket leaves at S + 60 s
    expect(msUntilAtMost(w, S + 30_000, 5)).toBe(40_000);
    expect(msUntilAtMost(w, S + 30_000, 0)).toBe(50_000);
  });

  it("subtract takes back an amount from its second's bucket", () => {
    const w = subtract(
      [
        [S / 1000, 2],
        [S / 1000 + 1, 1],
      ],
      S + 1_500,
      1,
    );
    expect(w).toEqual([[S / 1000, 2]]);
    expect(subtract(w, S - 5_000, 1)).toEqual([[S / 1000, 2]]);
  });
});
