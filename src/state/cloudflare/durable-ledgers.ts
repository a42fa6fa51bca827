import type { AccountLedgerObject } from "../../../durable-objects/account-ledger.js";
import { accountName, type AccountLimits, type AccountRef } from "../account-limits.js";
import type { AdmitResult, LedgerUsage } from "../ledger.js";
import type { AccountLedgers } from "../ports.js";

/** Account ledgers in one AccountLedgerObject per account (RPC; one round trip per call). */
export class DurableLedgers implements AccountLedgers {
  constructor(private readonly ns: DurableObjectNamespace<AccountLedgerObject>) {}

  private stub(ref: AccountRef): DurableObjectStub<AccountLedgerObject> {
    return this.ns.get(this.ns.idFromName(accountName(ref)));
  }

  async admit(ref: AccountRef, req: { requestId: string; costMicros: number; limits?: AccountLimits }): Promise<AdmitResult> {
    return (await this.stub(ref).admit(req)) as AdmitResult;
  }

  async settle(ref: AccountRef, req: { requestId: string; costMicros: number; tokens: number }): Promise<void> {
    await this.stub(ref).settle(req);
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
