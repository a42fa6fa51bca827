import type { AccountLedgerObject } from "../../../durable-objects/account-ledger.js";
import { accountName, type AccountLimits, type AccountRef } from "../account-limits.js";
import type { AdmitResult, LedgerUsage } from "../ledger.js";
import type { AccountLedgers } from "../ports.js";

type Settlement = { requestId: string; costMicros: number; tokens: number };

/** Longest a settlement waits in isolate memory for the next admission to the same account. */
const SETTLE_DELAY_MS = 50;

/**
 * Account ledgers in one AccountLedgerObject per account (RPC). Settlements are held briefly per
 * account and ride on the next admission to it (one call, one storage write for both), or go in
 * one batch after SETTLE_DELAY_MS, carried by the request that queued the first of them. While a
 * settlement waits, the reservation it replaces still counts, so budgets stay on the safe side.
 */
export class DurableLedgers implements AccountLedgers {
  private readonly pending = new Map<string, { ref: AccountRef; settles: Settlement[]; armed: boolean }>();

  constructor(private readonly ns: DurableObjectNamespace<AccountLedgerObject>) {}

  private stub(ref: AccountRef): DurableObjectStub<AccountLedgerObject> {
    return this.ns.get(this.ns.idFromName(accountName(ref)));
  }

  private queue(ref: AccountRef) {
    const name = accountName(ref);
    let q = this.pending.get(name);
    if (!q) this.pending.set(name, (q = { ref, settles: [], armed: false }));
    return q;
  }

  async admit(ref: AccountRef, req: { requestId: string; costMicros: number; limits?: AccountLimits }): Promise<AdmitResult> {
    const q = this.queue(ref);
    const settles = q.settles.splice(0);
    try {
      return (await this.stub(ref).admit({ ...req, settles })) as AdmitResult;
    } catch (e) {
      q.settles.unshift(...settles); // not applied: they go with the next call
      throw e;
    }
  }

  settle(ref: AccountRef, req: Settlement): Promise<void> {
    const q = this.queue(ref);
    q.settles.push(req);
    if (q.armed) return Promise.resolve();
    q.armed = true;
    return new Promise<void>((resolve, reject) => {
      setTimeout(() => {
        q.armed = false;
        const batch = q.settles.splice(0);
        if (!batch.length) return resolve();
        this.stub(ref).settleMany(batch).then(resolve, (e: unknown) => {
          q.settles.unshift(...batch);
          reject(e);
        });
      }, SETTLE_DELAY_MS);
    });
  }

  async release(ref: AccountRef, requestId: string): Promise<void> {
    await this.stub(ref).release(requestId);
  }

  async configure(ref: AccountRef, limits: AccountLimits, opts?: { reset?: boolean }): Promise<void> {
    await this.stub(ref).configure(limits, opts);
  }

  async usage(ref: AccountRef): Promise<LedgerUsage> {
    return (await this.stub(ref).usage()) as LedgerUsage;
  }
}
