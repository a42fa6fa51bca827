import type { AccountLedgerObject } from "../../../durable-objects/account-ledger.js";
import { randomId } from "../../deps.js";
import { AccountLeases, type LeaseAdmission } from "../account-leases.js";
import { accountName, type AccountLimits, type ConfigureOptions, type AccountRef } from "../account-limits.js";
import type { LeaseResult, LedgerUsage } from "../ledger.js";
import type { AccountLedgers } from "../ports.js";

/**
 * Account ledgers in one AccountLedgerObject per account (RPC). Admission goes through this
 * isolate's leases (src/state/account-leases.ts): most requests are admitted with no call at all.
 */
export class DurableLedgers implements AccountLedgers {
  private readonly leases: AccountLeases;

  constructor(private readonly ns: DurableObjectNamespace<AccountLedgerObject>) {
    this.leases = new AccountLeases(
      {
        lease: async (ref, req) => (await this.stub(ref).lease(req)) as LeaseResult,
        report: async (ref, reports) => {
          await this.stub(ref).report(reports);
        },
      },
      { now: () => Date.now(), setTimer: (fn, ms) => setTimeout(fn, ms), newId: () => randomId("lease") },
    );
  }

  private stub(ref: AccountRef): DurableObjectStub<AccountLedgerObject> {
    return this.ns.get(this.ns.idFromName(accountName(ref)));
  }

  admit(
    ref: AccountRef,
    req: { requestId: string; costMicros: number; limits?: AccountLimits },
  ): Promise<LeaseAdmission> {
    return this.leases.admit(ref, req);
  }

  settle(ref: AccountRef, req: { requestId: string; costMicros: number; tokens: number }): Promise<void> | void {
    return this.leases.settle(ref, req);
  }

  release(ref: AccountRef, requestId: string): Promise<void> {
    return this.leases.release(ref, requestId);
  }

  async configure(ref: AccountRef, limits: AccountLimits, opts?: ConfigureOptions): Promise<void> {
    await this.leases.forget(ref);
    await this.stub(ref).configure(limits, opts);
  }

  async usage(ref: AccountRef): Promise<LedgerUsage> {
    return (await this.stub(ref).usage()) as LedgerUsage;
  }
}
