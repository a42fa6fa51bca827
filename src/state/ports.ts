/** Narrow interfaces to state (see StatePorts in src/deps.ts). Durable Objects / D1 / KV implement them on Workers
 * (state/cloudflare/), Maps in the library and unit tests (state/memory/). */
import type { SpendRecord } from "./spend-record.js";
import type { Principal } from "./principal.js";
import type { AccountLimits, AccountRef, ConfigureOptions } from "./account-limits.js";
import type { AdmitResult, LedgerUsage } from "./ledger.js";

/**
 * One ledger per account (src/state/ledger.ts). `admit` is the only blocking call before an
 * upstream fetch (one per account, all in parallel); the rest runs after the response or in
 * management calls. `limits` on admit are the caller's cached view; the ledger keeps the newest.
 */
export interface AccountLedgers {
  /** `background`: work the admission started for later requests (the caller keeps it alive with waitUntil). */
  admit(
    ref: AccountRef,
    req: { requestId: string; costMicros: number; limits?: AccountLimits },
  ): Promise<AdmitResult & { background?: Promise<void> }>;
  /** A promise when the request should stay alive (waitUntil) until it settles; nothing when the work rides on another request. */
  settle(ref: AccountRef, req: { requestId: string; costMicros: number; tokens: number }): Promise<void> | void;
  release(ref: AccountRef, requestId: string): Promise<void>;
  configure(ref: AccountRef, limits: AccountLimits, opts?: ConfigureOptions): Promise<void>;
  usage(ref: AccountRef): Promise<LedgerUsage>;
}

/** Resolves a presented virtual key to its principal; throws a GatewayError for blocked/expired keys; undefined if unknown. */
export interface KeyAuthenticator {
  authenticate(token: string): Promise<Principal | undefined>;
}

/** Durable, batched spend-record writer. `record` never throws and never drops. */
export interface SpendSink {
  /**
   * Take one record. A promise: the request should keep running (waitUntil) until it settles.
   * Nothing: the record needs no more of this request (it rides on another request's hand-off).
   */
  record(rec: SpendRecord): Promise<void> | void;
  /** Records accepted but not yet in the spend log store (ops: is the log backed up?). */
  backlog?(): Promise<SpendBacklog>;
}

export interface SpendBacklog {
  pending: number;
  /** Records the store refused on their own while others went through (kept aside, not dropped). */
  dead: number;
  /** Outbox shards whose last flush failed. */
  failing_shards: number;
}
