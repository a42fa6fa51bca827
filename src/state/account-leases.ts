import { accountName, type AccountLimits, type AccountRef } from "./account-limits.js";
import type { AdmitResult, Grant, LeaseReport, LeaseRequest, LeaseResult } from "./ledger.js";

/** How an isolate reaches an account's ledger (the Durable Object's RPC methods). */
export interface LeaseTransport {
  lease(ref: AccountRef, req: LeaseRequest & { limits?: AccountLimits; reports?: LeaseReport[] }): Promise<LeaseResult>;
  report(ref: AccountRef, reports: LeaseReport[]): Promise<void>;
}

export interface LeaseOptions {
  now: () => number;
  setTimer: (fn: () => void, ms: number) => unknown;
  newId: () => string;
  /** How long this isolate admits from a lease before asking the ledger again. */
  ttlMs?: number;
  /** Longest a report waits for the next ledger call before it goes on its own. */
  reportDelayMs?: number;
  /** Most requests one lease asks for. */
  maxRequests?: number;
}

export const LEASE_TTL_MS = 1000;
/** A renewal not back after this long (its request went away mid-call) no longer blocks the next one. */
const RENEWAL_STALE_MS = 5000;

/** An admission; `background` (the next lease, fetched ahead) is for the caller to keep alive (waitUntil). */
export type LeaseAdmission = AdmitResult & { background?: Promise<void> };
const REPORT_DELAY_MS = 50;
const MAX_LEASE_REQUESTS = 256;

interface Lease {
  id: string;
  unlimited: boolean;
  /** Requests the ledger granted. */
  granted: number;
  /** Worth fetching the next lease before this one runs out. */
  renewable: boolean;
  /** Micro-dollars it may still admit: the grant less the bounds in flight and the real cost settled. */
  microsLeft: number;
  expiresAt: number;
  /** The ledger's rpm/tpm standing when it granted the lease (its requests already counted). */
  grant: Grant;
  /** Requests admitted from it (a released one is given back). */
  used: number;
  inFlight: number;
  /** The bounds of this lease's requests in flight. */
  held: number;
  /** No more admissions; the lease closes once its last request has settled. */
  retired: boolean;
  expiryArmed: boolean;
}

interface Account {
  ref: AccountRef;
  current?: Lease;
  /** Requests the next lease asks for: doubles while leases run low before they expire. */
  want: number;
  /** When the call for the next lease left (undefined: none in flight). */
  renewingSince?: number;
  admitted: Map<string, { lease: Lease; bound: number }>;
  reports: Map<string, LeaseReport>;
  flushArmed: boolean;
}

/**
 * Admission against account ledgers through leases. A request the isolate's current lease can
 * cover (a request left, its upper-bound cost within the lease's micros) is admitted locally, with
 * no call; otherwise one call to the ledger brings a new lease and admits the request. Settling
 * gives the unspent part of the bound back to the lease and queues a report of the real cost,
 * which rides on the next lease call or goes after a short delay. The ledger holds each lease as a
 * reservation, so budgets stay exact however many isolates lease at once, and the rpm window
 * counts every leased request. Requests never wait on each other's calls (a promise settled from
 * another request's context would hang the waiter if that request went away).
 */
export class AccountLeases {
  private readonly accounts = new Map<string, Account>();
  private readonly ttlMs: number;
  private readonly reportDelayMs: number;
  private readonly maxRequests: number;

  constructor(
    private readonly transport: LeaseTransport,
    private readonly opts: LeaseOptions,
  ) {
    this.ttlMs = opts.ttlMs ?? LEASE_TTL_MS;
    this.reportDelayMs = opts.reportDelayMs ?? REPORT_DELAY_MS;
    this.maxRequests = opts.maxRequests ?? MAX_LEASE_REQUESTS;
  }

  private account(ref: AccountRef): Account {
    const name = accountName(ref);
    let a = this.accounts.get(name);
    if (!a) {
      a = { ref, want: 1, admitted: new Map(), reports: new Map(), flushArmed: false };
      this.accounts.set(name, a);
    }
    return a;
  }

  async admit(
    ref: AccountRef,
    req: { requestId: string; costMicros: number; limits?: AccountLimits },
  ): Promise<LeaseAdmission> {
    const a = this.account(ref);
    const now = this.opts.now();
    const l = a.current;
    if (l && !l.retired && now >= l.expiresAt) {
      a.want = this.clamp(l.used); // what one lease's lifetime of traffic needed
      this.retire(a, l);
    }
    if (l && !l.retired && left(l) >= 1 && l.microsLeft >= req.costMicros) {
      this.take(a, l, req.requestId, req.costMicros);
      // The ledger learns what this lease holds in flight within one report delay, so that past the
      // lease's end it keeps exactly that reserved (and charges it, should this isolate die).
      this.queue(a, { id: l.id, costMicros: 0, tokens: 0, held: l.held });
      const admitted: LeaseAdmission = { ok: true, grant: grantOf(l) };
      let background = this.flushSoon(a);
      if (l.renewable && this.runningLow(l, req.costMicros, now) && !this.renewing(a, now)) {
        a.want = this.clamp(Math.max(a.want, l.granted * 2)); // ran low before it expired
        background = both(background, this.renew(a, req));
      }
      if (background) admitted.background = background;
      return admitted;
    }
    if (l && !l.retired) this.retire(a, l);
    const { id, res } = await this.call(a, req);
    if (!res.ok) return res;
    // Installed and the caller's slot taken in one step: nobody else can take the last request first.
    const lease = this.install(a, res, id, req.costMicros);
    this.take(a, lease, req.requestId, req.costMicros);
    return { ok: true, grant: grantOf(lease) };
  }

  private clamp(n: number): number {
    return Math.max(1, Math.min(this.maxRequests, n));
  }

  /** A quarter of the lease left (requests, micros or time): time to fetch the next one. */
  private runningLow(l: Lease, bound: number, now: number): boolean {
    return left(l) <= l.granted / 4 || l.microsLeft < bound * (l.granted / 4) || now >= l.expiresAt - this.ttlMs / 4;
  }

  private renewing(a: Account, now: number): boolean {
    return a.renewingSince !== undefined && now - a.renewingSince < RENEWAL_STALE_MS;
  }

  /** The next lease, fetched while the current one still serves (the caller defers it; nobody waits on it). */
  private renew(a: Account, req: { costMicros: number; limits?: AccountLimits }): Promise<void> {
    a.renewingSince = this.opts.now();
    return this.call(a, req, { ahead: true }).then(
      ({ id, res }) => {
        a.renewingSince = undefined;
        if (res.ok) this.install(a, res, id, req.costMicros); // a refusal is heard by the next request that needs the ledger
      },
      () => {
        a.renewingSince = undefined; // the next request that needs the ledger calls (and reports the failure)
      },
    );
  }

  /** One lease call; queued reports ride on it (kept for the next call if it fails). */
  private async call(
    a: Account,
    req: { costMicros: number; limits?: AccountLimits },
    opts: { ahead?: boolean } = {},
  ): Promise<{ id: string; res: LeaseResult }> {
    const reports = [...a.reports.values()];
    a.reports.clear();
    const want = this.clamp(a.want);
    const id = this.opts.newId();
    try {
      const res = await this.transport.lease(a.ref, {
        id,
        requests: want,
        minMicros: req.costMicros,
        micros: req.costMicros * want,
        ttlMs: this.ttlMs,
        ...(opts.ahead ? { ahead: true } : {}),
        limits: req.limits,
        reports,
      });
      return { id, res };
    } catch (e) {
      for (const r of reports) this.queue(a, r); // not applied: they go with the next call
      throw e;
    }
  }

  /** The real cost replaces the bound; a promise only for the request that carries a timer (flush or lease expiry). */
  settle(ref: AccountRef, req: { requestId: string; costMicros: number; tokens: number }): Promise<void> | void {
    const a = this.account(ref);
    const e = a.admitted.get(req.requestId);
    if (!e) {
      this.queue(a, { id: "", costMicros: req.costMicros, tokens: req.tokens }); // not admitted here: the spend still counts
      return this.flushSoon(a);
    }
    a.admitted.delete(req.requestId);
    const l = e.lease;
    l.inFlight--;
    l.held -= e.bound;
    if (!l.retired && !l.unlimited) l.microsLeft += e.bound - req.costMicros;
    // The lease's view of the budget follows this isolate's own spend until the next lease brings the ledger's.
    if (l.grant.budget) l.grant.budget.spendMicros += req.costMicros;
    this.queue(a, { id: l.id, costMicros: req.costMicros, tokens: req.tokens, held: l.held });
    return both(this.afterIdle(a, l), this.flushSoon(a));
  }

  /** Undo an admission that never went ahead: the request and its bound go back to the lease. */
  release(ref: AccountRef, requestId: string): Promise<void> {
    const a = this.account(ref);
    const e = a.admitted.get(requestId);
    if (!e) return Promise.resolve();
    a.admitted.delete(requestId);
    const l = e.lease;
    l.inFlight--;
    l.held -= e.bound;
    l.used--;
    if (!l.retired && !l.unlimited) l.microsLeft += e.bound;
    return both(this.afterIdle(a, l), this.flushSoon(a)) ?? Promise.resolve();
  }

  /** Before new limits land (a key updated, blocked, deleted): the next request asks the ledger again. */
  async forget(ref: AccountRef): Promise<void> {
    const a = this.accounts.get(accountName(ref));
    if (!a) return;
    if (a.current) this.retire(a, a.current);
    await this.flush(a);
  }

  /**
   * A graceful stop: every lease closes (its unused requests and micros go back to the ledger) and
   * every queued report goes now. Call once nothing is in flight.
   */
  async closeAll(): Promise<void> {
    await Promise.all(
      [...this.accounts.values()].map((a) => {
        if (a.current) this.retire(a, a.current);
        return this.flush(a);
      }),
    );
  }

  private take(a: Account, l: Lease, requestId: string, bound: number): void {
    if (!l.unlimited) l.microsLeft -= bound;
    l.used++;
    l.inFlight++;
    l.held += bound;
    a.admitted.set(requestId, { lease: l, bound });
  }

  private install(a: Account, res: Extract<LeaseResult, { ok: true }>, id: string, minMicros: number): Lease {
    if (a.current && !a.current.retired) this.retire(a, a.current);
    const lease: Lease = {
      id,
      unlimited: res.unlimited,
      granted: res.requests,
      // Fetched ahead only when the lease has room to spare: a one-request lease (max_parallel_requests,
      // a tight rpm) or one request's bound (the end of a budget) must not hold a second reservation.
      renewable: res.unlimited || (res.requests >= 4 && res.micros >= 4 * minMicros),
      microsLeft: res.unlimited ? Infinity : res.micros,
      expiresAt: this.opts.now() + this.ttlMs,
      grant: res.grant,
      used: 0,
      inFlight: 0,
      held: 0,
      retired: false,
      expiryArmed: false,
    };
    a.current = lease;
    return lease;
  }

  /** No more admissions from `l`; it closes now if idle, else when its last request settles. */
  private retire(a: Account, l: Lease): void {
    if (l.retired) return;
    l.retired = true;
    // Sizing: a lease that ran out before it expired asks for twice as much next time.
    if (this.opts.now() < l.expiresAt) a.want = this.clamp(Math.max(a.want, l.granted * 2));
    if (a.current === l) a.current = undefined;
    if (l.inFlight === 0) this.close(a, l);
  }

  private close(a: Account, l: Lease): void {
    if (l.unlimited) return; // the ledger holds nothing for it
    this.queue(a, { id: l.id, costMicros: 0, tokens: 0, used: l.used });
  }

  /**
   * A lease whose last request settled: closed at once when retired or used up (so a
   * max_parallel_requests slot frees now), else when it expires (its unused requests and micros go back).
   */
  private afterIdle(a: Account, l: Lease): Promise<void> | undefined {
    if (l.inFlight > 0) return undefined;
    if (l.retired) {
      this.close(a, l);
      return undefined;
    }
    if (left(l) < 1) {
      this.retire(a, l);
      return undefined;
    }
    if (l.expiryArmed) return undefined;
    l.expiryArmed = true;
    return new Promise<void>((resolve) => {
      this.opts.setTimer(
        () => {
          l.expiryArmed = false;
          if (l.retired || l.inFlight > 0) return resolve();
          a.want = this.clamp(l.used);
          this.retire(a, l);
          void this.flush(a).then(resolve, resolve);
        },
        Math.max(0, l.expiresAt - this.opts.now()),
      );
    });
  }

  private queue(a: Account, r: LeaseReport): void {
    const q = a.reports.get(r.id);
    if (!q) a.reports.set(r.id, { ...r });
    else {
      q.costMicros += r.costMicros;
      q.tokens += r.tokens;
      if (r.used !== undefined) q.used = r.used;
      if (r.held !== undefined) q.held = r.held;
    }
  }

  private flushSoon(a: Account): Promise<void> | undefined {
    if (a.flushArmed || !a.reports.size) return undefined;
    a.flushArmed = true;
    return new Promise<void>((resolve, reject) => {
      this.opts.setTimer(() => {
        a.flushArmed = false;
        this.flush(a).then(resolve, reject);
      }, this.reportDelayMs);
    });
  }

  private async flush(a: Account): Promise<void> {
    const reports = [...a.reports.values()];
    a.reports.clear();
    if (reports.length) {
      try {
        await this.transport.report(a.ref, reports);
      } catch (e) {
        for (const r of reports) this.queue(a, r);
        throw e;
      }
    }
    this.sweep(a);
  }

  /** Accounts this isolate holds state for. */
  get size(): number {
    return this.accounts.size;
  }

  /** An account with nothing left here (no lease, request or report) is dropped: end users come and go. */
  private sweep(a: Account): void {
    if (a.current || a.admitted.size || a.reports.size || a.flushArmed || a.renewingSince !== undefined) return;
    const name = accountName(a.ref);
    if (this.accounts.get(name) === a) this.accounts.delete(name);
  }
}

/** Requests the lease may still admit (a released admission gives its request back). */
function left(l: Lease): number {
  return l.unlimited ? Infinity : l.granted - l.used;
}

function both(x: Promise<void> | undefined, y: Promise<void> | undefined): Promise<void> | undefined {
  return x && y ? Promise.all([x, y]).then(() => {}) : (x ?? y);
}

/** x-ratelimit-* standing for a request admitted from `l`: leased requests still unused count as remaining. */
function grantOf(l: Lease): Grant {
  const g = l.grant;
  if (!g.rpm || l.unlimited) return g;
  return {
    ...g,
    rpm: { limit: g.rpm.limit, remaining: Math.min(g.rpm.limit, g.rpm.remaining + Math.max(0, left(l))) },
  };
}
