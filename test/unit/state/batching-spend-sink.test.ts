import { describe, expect, it } from "vitest";
import { BatchingSpendSink, type BatchSpendSink } from "../../../src/state/batching-spend-sink.js";
import type { SpendRecord } from "../../../src/state/spend-record.js";
import { LostSpendError } from "../../../src/state/lost-spend.js";

const rec = (id: string) => ({ request_id: id }) as SpendRecord;

/** The sink over an inner sink whose hand-offs finish only when the test says (`finish`). */
function setup(opts: { maxBatch?: number; fail?: boolean; loseOnly?: string } = {}) {
  const calls: SpendRecord[][] = [];
  const lost: SpendRecord[][] = [];
  const timers: Array<() => void> = [];
  const gates: Array<() => void> = [];
  const inner: BatchSpendSink = {
    record: async (r) => {
      calls.push([r]);
    },
    recordMany: async (rs) => {
      calls.push(rs);
      await new Promise<void>((r) => gates.push(r));
      if (opts.fail) throw new Error("outbox down");
      if (opts.loseOnly)
        throw new LostSpendError(
          rs.filter((r) => r.request_id === opts.loseOnly),
          "row too large",
        );
    },
  };
  const sink = new BatchingSpendSink(inner, {
    maxDelayMs: 50,
    maxBatch: opts.maxBatch ?? 100,
    setTimer: (fn) => timers.push(fn),
    onLost: (rs) => lost.push(rs),
  });
  const fire = () => {
    for (const f of timers.splice(0)) f();
  };
  /** Let every hand-off under way finish. */
  const finish = async () => {
    for (let i = 0; i < 5; i++) {
      for (const g of gates.splice(0)) g();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { sink, calls, lost, fire, finish };
}

describe("batched spend hand-off", () => {
  it("hands one batch over per delay window, carried by the request that opened it", async () => {
    const { sink, calls, fire, finish } = setup();
    let openerDone = false;
    const opener = sink.record(rec("a"))!.then(() => (openerDone = true));
    expect(sink.record(rec("b"))).toBeUndefined(); // later records are only queued: nothing for their request to wait on
    expect(sink.record(rec("c"))).toBeUndefined();
    expect(calls).toEqual([]);
    fire();
    expect(calls).toEqual([[rec("a"), rec("b"), rec("c")]]);
    expect(openerDone).toBe(false);
    await finish();
    await opener;
    expect(openerDone).toBe(true);
  });

  it("a full batch is handed over at once by the request that filled it", async () => {
    const { sink, calls, fire, finish } = setup({ maxBatch: 2 });
    const opener = sink.record(rec("a"));
    const filler = sink.record(rec("b")); // the request that fills the batch carries its hand-off
    expect(calls).toEqual([[rec("a"), rec("b")]]);
    void sink.record(rec("c"));
    fire();
    expect(calls).toEqual([[rec("a"), rec("b")], [rec("c")]]);
    await finish();
    await Promise.all([opener, filler]);
  });

  it("flush hands over whatever waits, at once", async () => {
    const { sink, calls, finish } = setup();
    void sink.record(rec("a"));
    void sink.record(rec("b"));
    expect(sink.waiting).toBe(2);
    const flushed = sink.flush();
    expect(calls).toEqual([[rec("a"), rec("b")]]);
    expect(sink.waiting).toBe(0);
    await finish();
    await flushed;
  });

  it("records whose hand-off failed are given to onLost, never silently dropped", async () => {
    const { sink, lost, fire, finish } = setup({ fail: true });
    void sink.record(rec("a"));
    void sink.record(rec("b"));
    void sink.record(rec("c"));
    fire();
    await finish();
    expect(lost).toEqual([[rec("a"), rec("b"), rec("c")]]);
  });

  it("when the sink names the records it lost, only those go to onLost (the rest landed)", async () => {
    const { sink, lost, fire, finish } = setup({ loseOnly: "c" });
    void sink.record(rec("a"));
    void sink.record(rec("b"));
    void sink.record(rec("c"));
    fire();
    await finish();
    expect(lost).toEqual([[rec("c")]]);
  });
});
