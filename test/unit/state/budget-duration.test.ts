import { describe, expect, it } from "vitest";
import { addDuration, parseDuration, periodAt } from "../../../src/state/budget-duration.js";

const T = Date.UTC(2026, 0, 31, 12, 0, 0); // 2026-01-31T12:00:00Z

describe("budget durations", () => {
  it("parses LiteLLM's duration strings and refuses anything else", () => {
    expect(parseDuration("30s")).toEqual({ kind: "fixed", ms: 30_000 });
    expect(parseDuration("30m")).toEqual({ kind: "fixed", ms: 1_800_000 });
    expect(parseDuration("1h")).toEqual({ kind: "fixed", ms: 3_600_000 });
    expect(parseDuration("30d")).toEqual({ kind: "fixed", ms: 30 * 86_400_000 });
    expect(parseDuration("2w")).toEqual({ kind: "fixed", ms: 14 * 86_400_000 });
    expect(parseDuration("1mo")).toEqual({ kind: "months", months: 1 });
    for (const bad of ["", "0d", "1", "d", "1y", "-1d", "1.5h", "1 d", "01d"])
      expect(parseDuration(bad)).toBeUndefined();
  });

  it("adds calendar months in UTC, clamping to the month's last day", () => {
    expect(new Date(addDuration(T, { kind: "months", months: 1 })).toISOString()).toBe("2026-02-28T12:00:00.000Z");
    expect(new Date(addDuration(T, { kind: "months", months: 2 })).toISOString()).toBe("2026-03-31T12:00:00.000Z");
    expect(new Date(addDuration(T, { kind: "months", months: 12 })).toISOString()).toBe("2027-01-31T12:00:00.000Z");
  });

  it("finds the fixed-length period containing now, counted from the anchor", () => {
    const d = parseDuration("1h")!;
    expect(periodAt(T, d, T)).toEqual({ start: T, end: T + 3_600_000 });
    expect(periodAt(T, d, T + 3_599_999)).toEqual({ start: T, end: T + 3_600_000 });
    expect(periodAt(T, d, T + 3_600_000)).toEqual({ start: T + 3_600_000, end: T + 7_200_000 });
    expect(periodAt(T, d, T + 10 * 3_600_000 + 5)).toEqual({ start: T + 36_000_000, end: T + 39_600_000 });
  });

  it("finds monthly periods from the anchor's day (each boundary computed from the anchor, not chained)", () => {
    const mo = parseDuration("1mo")!;
    const march1 = Date.UTC(2026, 2, 1);
    const p = periodAt(T, mo, march1);
    expect(new Date(p.start).toISOString()).toBe("2026-02-28T12:00:00.000Z");
    expect(new Date(p.end!).toISOString()).toBe("2026-03-31T12:00:00.000Z");
    const april = periodAt(T, mo, Date.UTC(2026, 3, 15));
    expect(new Date(april.start).toISOString()).toBe("2026-03-31T12:00:00.000Z");
    expect(new Date(april.end!).toISOString()).toBe("2026-04-30T12:00:00.000Z");
  });

  it("without a duration there is one period that never ends", () => {
    expect(periodAt(T, undefined, T + 1e12)).toEqual({ start: T, end: null });
  });
});
