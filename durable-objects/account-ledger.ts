import { DurableObject } from "cloudflare:workers";
import type { AccountLimits, ConfigureOptions } from "../src/state/account-limits.js";
import {
  adoptLimits,
  admit,
  emptyLedger,
  grantLease,
  release,
  reportLease,
  settle,
  usage,
  type AdmitResult,
  type LeaseReport,
  type LeaseRequest,
  type LeaseResult,
  type LedgerState,
  type LedgerUsage,
} from "../src/state/ledger.js";

const KEY = "ledger";

/** A settlement as isolates of the previous version send it (one request). */
type Settlement = { requestId: string; costMicros: number; tokens: number };

/**
 * The ledger of one account (named "key:<token_id>", "team:<id>", "user:<id>", "customer:<id>"):
 * a thin RPC shell over src/state/ledger.ts. Isolates lease allowances from it and report what
 * their requests spent (src/state/account-leases.ts). Calls run one at a time against memory;
 * every change is written to SQLite before the reply leaves (output gate), so a lease survives a
 * restart of the object while its requests are still running.
 */
export class AccountLedgerObject extends DurableObject {
  private state: LedgerState;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    this.state = (ctx.storage.kv.get(KEY) as LedgerState | undefined) ?? emptyLedger();
  }

  /** Persist; an account without limits (an end user nobody configured) has nothing worth a write. */
  private save(): void {
    if (this.state.limits) this.ctx.storage.kv.put(KEY, this.state);
  }

  /** Reports the isolate was holding are applied first; one write for all of it. */
  lease(req: LeaseRequest & { limits?: AccountLimits; reports?: LeaseReport[] }): LeaseResult {
    const now = Date.now();
    for (const r of req.reports ?? []) reportLease(this.state, r, now);
    if (req.limits) adoptLimits(this.state, req.limits);
    const result = grantLease(
      this.state,
      { id: req.id, requests: req.requests, minMicros: req.minMicros, micros: req.micros },
      now,
    );
    this.save();
    return result;
  }

  report(reports: LeaseReport[]): void {
    const now = Date.now();
    for (const r of reports) reportLease(this.state, r, now);
    this.save();
  }

  // The previous version's per-request calls, kept so that its isolates, still running for a few
  // seconds during a deploy, are admitted and settled rather than refused.

  admit(req: { requestId: string; costMicros: number; limits?: AccountLimits; settles?: Settlement[] }): AdmitResult {
    const now = Date.now();
    for (const r of req.settles ?? [])
      settle(this.state, { id: r.requestId, costMicros: r.costMicros, tokens: r.tokens }, now);
    if (req.limits) adoptLimits(this.state, req.limits);
    const result = admit(this.state, { id: req.requestId, costMicros: req.costMicros }, now);
    this.save();
    return result;
  }

  settleMany(reqs: Settlement[]): void {
    const now = Date.now();
    for (const r of reqs) settle(this.state, { id: r.requestId, costMicros: r.costMicros, tokens: r.tokens }, now);
    this.save();
  }

  release(requestId: string): void {
    release(this.state, requestId, Date.now());
    this.save();
  }

  configure(limits: AccountLimits, opts?: ConfigureOptions): void {
    this.state = adoptLimits(this.state, limits, opts, Date.now());
    this.ctx.storage.kv.put(KEY, this.state);
  }

  usage(): LedgerUsage {
    return usage(this.state, Date.now());
  }
}
