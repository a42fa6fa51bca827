import { DurableObject } from "cloudflare:workers";
import type { AccountLimits } from "../src/state/account-limits.js";
import { adoptLimits, admit, emptyLedger, release, settle, usage, type AdmitResult, type LedgerState, type LedgerUsage } from "../src/state/ledger.js";

const KEY = "ledger";

type Settlement = { requestId: string; costMicros: number; tokens: number };

/**
 * The ledger of one account (named "key:<token_id>", "team:<id>", "user:<id>", "customer:<id>"):
 * a thin RPC shell over src/state/ledger.ts. Calls run one at a time against memory; every change
 * is written to SQLite before the reply leaves (output gate), so a reservation survives a restart
 * of the object while its request is still streaming.
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

  /** Earlier settlements (held by the caller's isolate) are applied first; one write for all of it. */
  admit(req: { requestId: string; costMicros: number; limits?: AccountLimits; settles?: Settlement[] }): AdmitResult {
    const now = Date.now();
    for (const s of req.settles ?? []) settle(this.state, { id: s.requestId, costMicros: s.costMicros, tokens: s.tokens }, now);
    if (req.limits) adoptLimits(this.state, req.limits);
    const result = admit(this.state, { id: req.requestId, costMicros: req.costMicros }, now);
    this.save();
    return result;
  }

  settle(req: Settlement): void {
    this.settleMany([req]);
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

  configure(limits: AccountLimits, opts?: { reset?: boolean }): void {
    this.state = adoptLimits(this.state, limits, opts);
    this.ctx.storage.kv.put(KEY, this.state);
  }

  usage(): LedgerUsage {
    return usage(this.state, Date.now());
  }
}
