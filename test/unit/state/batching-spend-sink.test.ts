import { describe, expect, it } from "vitest";
import { BatchingSpendSink, type BatchSpendSink } from "../../../src/state/batching-spend-sink.js";
import type { SpendRecord } from "../../../src/accounting/record.js";
import { LostSpendError } from "../../../src/accounting/lost-spend.js";

const rec = (id: string) => ({ request_id: id }) as SpendRecord;

function setup(opts: { maxBatch?: number; fail?: boolean; loseOnly?: string } = {}) {
  const calls: SpendRecord[][] = [];
  const lost: SpendRecord[][] = [];
  const timers: Array<() => void> = [];
  const inner: BatchSpendSink = {
    record: async (r) => {
      calls.push([r]);
    },
    recordMany: async (rs) => {
      if (opts.fail) throw new Error("outbox down");
      if (opts.loseOnly)
        throw new LostSpendError(
          rs.filter((r) => r.request_id === opts.loseOnly),
          "row too large",
        );
      calls.push(rs);
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
  return { sink, calls, lost, fire };
}

describe("batched spend hand-off", () => {
  it("hands one batch over per delay window, carried by the request that opened it", async () => {
    const { sink, calls, fire } = setup();
    let openerDone = false;
    const opener = sink.record(rec("a"))!.then(() => (openerDone = true));
    expect(sink.record(rec("b"))).toBeUndefined(); // later records are only queued: nothing for their request to wait on
    expect(sink.record(rec("c"))).toBeUndefined();
    expect(calls).toEqual([]);
    expect(openerDone).toBe(false);
    fire();
    await opener;
    expect(calls).toEqual([[rec("a"), rec("b"), rec("c")]]);
  });

  it("a full batch is handed over at once by the request that filled it", async () => {
    const { sink, calls, fire } = setup({ maxBatch: 2 });
    const opener = sink.record(rec("a"));
    await sink.record(rec("b")); // the request that fills the batch carries its hand-off
    expect(calls).toEqual([[rec("a"), rec("b")]]);
    void sink.record(rec("c"));
    fire();
    await opener;
    expect(calls).toEqual([[rec("a"), rec("b")], [rec("c")]]);
  });

  it("records whose hand-off failed are given to onLost, never silently dropped", async () => {
    const { sink, lost, fire } = setup({ fail: true });
    const opener = sink.record(rec("a"));
    void sink.record(rec("b"));
    fire();
    await opener;
    expect(lost).toEqual([[rec("a"), rec("b")]]);
  });

  it("when the sink names the records it lost, only those go to onLost (the rest landed)", async () => {
    const { sink, lost, fire } = setup({ loseOnly: "b" });
    const opener = sink.record(rec("a"));
    void sink.record(rec("b"));
    void sink.record(rec("c"));
    fire();
    await opener;
    expect(lost).toEqual([[rec("b")]]);
  });
});
