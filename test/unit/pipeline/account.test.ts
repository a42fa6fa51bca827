import { describe, expect, it } from "vitest";
import { recordSpend } from "../../../src/pipeline/account.js";
import type { Deps } from "../../../src/deps.js";
import type { SpendRecord } from "../../../src/state/spend-record.js";

describe("spend hand-off", () => {
  it("a record the sink refuses is written to the log whole, never dropped silently", async () => {
    const logged: Array<Record<string, unknown> | undefined> = [];
    const pending: Promise<unknown>[] = [];
    const deps = {
      defer: (p: Promise<unknown>) => pending.push(p),
      log: { info() {}, warn() {}, error: (_m: string, f?: Record<string, unknown>) => logged.push(f) },
      state: { spend: { record: () => Promise.reject(new Error("outbox unreachable")) } },
    } as unknown as Deps;
    const rec = { request_id: "chatcmpl-1", cost_micros: 42 } as SpendRecord;
    recordSpend(deps, rec);
    await Promise.all(pending);
    expect(logged).toEqual([{ error: "Error: outbox unreachable", record: rec }]);
  });
});
