import { describe, expect, it } from "vitest";
import { inParallel } from "../../../src/pipeline/operations/in-parallel.js";

/** A call that resolves when the test says so. */
function gate<T>() {
  let open!: (v: T) => void;
  let fail!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    open = res;
    fail = rej;
  });
  return { promise, open, fail };
}

describe("inParallel", () => {
  it("keeps at most `limit` calls in flight and returns results in item order", async () => {
    const gates = Array.from({ length: 5 }, () => gate<string>());
    const started: number[] = [];
    const all = inParallel(
      [0, 1, 2, 3, 4],
      (i) => {
        started.push(i);
        return gates[i]!.promise;
      },
      2,
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates[1]!.open("b");
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.open("a");
    gates[2]!.open("c");
    gates[3]!.open("d");
    gates[4]!.open("e");
    expect(await all).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("starts nothing more after a failure and rejects with it", async () => {
    const started: number[] = [];
    const first = gate<number>();
    const run = inParallel(
      [0, 1, 2, 3],
      (i) => {
        started.push(i);
        return i === 0 ? first.promise : new Promise<number>(() => {});
      },
      2,
    );
    first.fail(new Error("vendor down"));
    await expect(run).rejects.toThrow("vendor down");
    expect(started).toEqual([0, 1]);
  });
});
