import { DurableObject } from "cloudflare:workers";
import type { AccountLimits } from "../src/state/account-limits.js";
import { adoptLimits, admit, emptyLedger, release, settle, usage, type AdmitResult, type LedgerState, type LedgerUsage } from "../src/state/ledger.js";

const KEY = "ledger";

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

  admit(req: { requestId: string; costMicros: number; limits?: AccountLimits }): AdmitResult {
    if (req.limits) adoptLimits(this.state, req.limits);
    const result = admit(this.state, { id: req.requestId, costMicros: req.costMicros }, Date.now());
    this.save();
    return result;
  }

  settle(req: { requestId: string; costMicros: number; tokens: number }): void {
    settle(this.state, { id: req.requestId, costMicros: req.costMicros, tokens: req.tokens }, Date.now());
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
