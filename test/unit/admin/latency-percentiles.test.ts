import { describe, expect, it } from "vitest";
import { latencyPercentile } from "../../../src/admin/latency-percentiles.js";

describe("latency percentiles from the histogram", () => {
  it("interpolates inside the bucket where the cumulative count reaches the percentile", () => {
    // 50 requests in (0,100], 40 in (100,250], 10 in (250,500]
    const h = [
      { bucket: 100, requests: 50 },
      { bucket: 250, requests: 40 },
      { bucket: 500, requests: 10 },
    ];
    expect(latencyPercentile(h, 0.5)).toBe(100);
    expect(latencyPercentile(h, 0.9)).toBe(250);
    expect(latencyPercentile(h, 0.95)).toBe(375);
    expect(latencyPercentile(h, 0.7)).toBe(175);
  });

  it("uses the bucket's lower bound even when the buckets below it are empty", () => {
    expect(latencyPercentile([{ bucket: 2000, requests: 4 }], 0.5)).toBe(1500);
  });

  it("adds up rows of the same bucket (hours) and reports the open bucket as the highest bound", () => {
    const h = [
      { bucket: 1000, requests: 1 },
      { bucket: 1000, requests: 1 },
      { bucket: 0, requests: 98 },
    ];
    expect(latencyPercentile(h, 0.99)).toBe(60000);
    expect(latencyPercentile(h, 0.01)).toBe(750);
  });

  it("has no percentile without requests", () => {
    expect(latencyPercentile([], 0.5)).toBeNull();
  });
});
