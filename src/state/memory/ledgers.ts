import { accountName, type AccountLimits, type ConfigureOptions, type AccountRef } from "../account-limits.js";
import {
  adoptLimits,
  admit,
  emptyLedger,
  release,
  settle,
  usage,
  type AdmitResult,
  type LedgerState,
  type LedgerUsage,
} from "../ledger.js";
import type { AccountLedgers } from "../ports.js";

/** Account ledgers in a Map (library mode and unit tests): the same math as the Durable Objects. */
export class MemoryLedgers implements AccountLedgers {
  readonly ledgers = new Map<string, LedgerState>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  private ledger(ref: AccountRef): LedgerState {
    const name = accountName(ref);
    let s = this.ledgers.get(name);
    if (!s) {
      s = emptyLedger();
      this.ledgers.set(name, s);
    }
    return s;
  }

  async admit(
    ref: AccountRef,
    req: { requestId: string; costMicros: number; limits?: AccountLimits },
  ): Promise<AdmitResult> {
    const s = this.ledger(ref);
    if (req.limits) adoptLimits(s, req.limits);
    return structuredClone(admit(s, { id: req.requestId, costMicros: req.costMicros }, this.now()));
  }

  async settle(ref: AccountRef, req: { requestId: string; costMicros: number; tokens: number }): Promise<void> {
    settle(this.ledger(ref), { id: req.requestId, costMicros: req.costMicros, tokens: req.tokens }, this.now());
  }

  async release(ref: AccountRef, requestId: string): Promise<void> {
    release(this.ledger(ref), requestId, this.now());
  }

  async configure(ref: AccountRef, limits: AccountLimits, opts?: ConfigureOptions): Promise<void> {
    this.ledgers.set(accountName(ref), adoptLimits(this.ledger(ref), limits, opts, this.now()));
  }

  async usage(ref: AccountRef): Promise<LedgerUsage> {
    return structuredClone(usage(this.ledger(ref), this.now()));
  }
}
