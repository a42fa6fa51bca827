import { describe, expect, it } from "vitest";
import type { SeriesDelta } from "../../../src/observability/metrics/metric-batch.js";
import { MetricsAccumulator } from "../../../src/observability/metrics/metrics-accumulator.js";

/** A manual timer: tests fire it instead of waiting. */
function manualTimer() {
  const pending: Array<() => void> = [];
  return {
    setTimer: (fn: () => void) => pending.push(fn),
    fire: () => {
      for (const f of pending.splice(0)) f();
    },
    pending,
  };
}

const inc = (labels: Record<string, string>, value = 1): SeriesDelta => ({ name: "c", kind: "counter", labels, value });

describe("MetricsAccumulator", () => {
  it("sums changes per series and sends one batch per interval, handed to the request that armed it", async () => {
    const timer = manualTimer();
    const sent: SeriesDelta[][] = [];
    const acc = new MetricsAccumulator({
      flushIntervalMs: 5000,
      setTimer: timer.setTimer,
      send: async (b) => void sent.push(b),
    });
    const deferred: Array<Promise<unknown>> = [];
    for (let i = 0; i < 1000; i++) acc.add([inc({ m: i % 2 ? "a" : "b" })], (p) => deferred.push(p));
    expect(deferred).toHaveLength(1); // only the first request carries the flush
    expect(timer.pending).toHaveLength(1);
    timer.fire();
    await deferred[0];
    expect(sent).toHaveLength(1);
    expect(sent[0]!.map((d) => [d.labels.m, d.value]).sort()).toEqual([
      ["a", 500],
      ["b", 500],
    ]);
    expect(acc.size()).toBe(0);
  });

  it("keeps a batch the metrics object refused and sends it with the next", async () => {
    const timer = manualTimer();
    const sent: SeriesDelta[][] = [];
    let fail = true;
    const acc = new MetricsAccumulator({
      flushIntervalMs: 1,
      setTimer: timer.setTimer,
      send: async (b) => {
        if (fail) throw new Error("object unavailable");
        sent.push(b);
      },
    });
    const deferred: Array<Promise<unknown>> = [];
    acc.add([inc({ m: "a" }, 2)], (p) => deferred.push(p));
    timer.fire();
    await deferred.pop();
    expect(acc.size()).toBe(1);
    fail = false;
    acc.add([inc({ m: "a" }, 3)], (p) => deferred.push(p));
    timer.fire();
    await deferred.pop();
    expect(sent).toEqual([[{ name: "c", kind: "counter", labels: { m: "a" }, value: 5 }]]);
  });
});
