import type { AccountLimits, ConfigureOptions } from "./account-limits.js";
import { parseDuration, periodAt } from "./budget-duration.js";
import { add, msUntilAtMost, prune, subtract, total, type Window } from "./minute-window.js";

/**
 * One account's ledger: budget spend per period, reservations of in-flight requests, and the
 * one-minute request/token windows. Pure functions over plain data; a Durable Object (or a Map
 * in the library) holds one per account and calls them one at a time.
 *
 * Exactness: admission reserves an upper bound of the request's cost and refuses when
 * spend + reserved + bound would pass max_budget; settlement swaps the reservation for the
 * real cost. As long as the bound holds, settled spend never passes max_budget.
 *
 * Never undercounting: a reservation whose settlement never comes (its isolate crashed) is not
 * released but charged at what it holds when it expires; a settlement that comes later replaces
 * that charge with the real cost (`charged` remembers the charge for a day).
 */
export interface Reservation {
  micros: number;
  /** epoch ms of admission */
  at: number;
  /** Requests it admits: 1 for one request, more for an isolate's lease (absent = 1). */
  requests?: number;
  /** A lease's end (epoch ms): past it the isolate admits nothing more from the lease. */
  until?: number;
  /** A lease's bounds of requests still in flight, as last reported. */
  held?: number;
}

export interface LedgerState {
  limits: AccountLimits | null;
  /** Start of the budget period `spendMicros` belongs to. */
  periodStart: number;
  spendMicros: number;
  /** Spend over all periods. */
  totalSpendMicros: number;
  reservations: Record<string, Reservation>;
  /** Reservations that expired unsettled, charged at what they held: a late settlement corrects the charge. */
  charged?: Record<string, { micros: number; at: number }>;
  requests: Window;
  tokens: Window;
}

/** A reservation older than this is treated as abandoned (its settlement never came): it is charged. */
export const RESERVATION_TTL_MS = 15 * 60_000;
/** How long an expired reservation's charge waits for a late settlement to correct it. */
export const CHARGED_TTL_MS = 24 * 60 * 60_000;

export type RefusalReason = "deleted" | "blocked" | "expired" | "parallel" | "rpm" | "tpm" | "budget";

export interface Refusal {
  reason: RefusalReason;
  limit?: number;
  current?: number;
  retryAfterMs?: number;
  spendMicros?: number;
  reservedMicros?: number;
  costMicros?: number;
  /** When the budget resets (epoch ms), null if never. */
  resetsAt?: number | null;
  expiresAt?: number | null;
  /** The account's rpm/tpm standing (for x-ratelimit-* headers). */
  rates?: Grant;
}

export interface Grant {
  rpm?: { limit: number; remaining: number };
  tpm?: { limit: number; remaining: number };
  softBudgetExceeded?: boolean;
  /** Accounts with a budget: where it stood when granted (budget alerts, remaining-budget gauges). */
  budget?: BudgetStanding;
}

/** An account's budget at one moment: the current period's settled spend and its lines. */
export interface BudgetStanding {
  spendMicros: number;
  maxBudgetMicros: number | null;
  softBudgetMicros: number | null;
  /** Start of the budget period the spend belongs to (epoch ms). */
  periodStart: number;
}

export type AdmitResult = { ok: true; grant: Grant } | { ok: false; refusal: Refusal };

export interface LedgerUsage {
  spendMicros: number;
  totalSpendMicros: number;
  reservedMicros: number;
  inFlight: number;
  periodStart: number;
  resetsAt: number | null;
  requestsLastMinute: number;
  tokensLastMinute: number;
  limits: AccountLimits | null;
}

export function emptyLedger(): LedgerState {
  return {
    limits: null,
    periodStart: 0,
    spendMicros: 0,
    totalSpendMicros: 0,
    reservations: {},
    requests: [],
    tokens: [],
  };
}

/**
 * Take `limits` if they are newer than the ledger's (or `reset`: a new account under an old name
 * starts from zero). `spendMicros` sets the spend of the period running at `now` (LiteLLM's
 * `spend` field); the total moves by the same amount.
 */
export function adoptLimits(s: LedgerState, limits: AccountLimits, opts: ConfigureOptions = {}, now = 0): LedgerState {
  let out = s;
  if (opts.reset) out = { ...emptyLedger(), limits };
  else if (!s.limits || limits.version > s.limits.version) s.limits = limits;
  if (opts.spendMicros !== undefined) {
    roll(out, now); // the spend belongs to the period running now
    out.totalSpendMicros = Math.max(0, out.totalSpendMicros + opts.spendMicros - out.spendMicros);
    out.spendMicros = opts.spendMicros;
  }
  return out;
}

function period(s: LedgerState, now: number) {
  const l = s.limits;
  if (!l) return { start: 0, end: null };
  const d = l.budgetDuration ? parseDuration(l.budgetDuration) : undefined;
  return periodAt(l.budgetAnchor, d, now);
}

/** Bring the ledger to `now`: a new budget period resets spend; abandoned reservations and old window buckets go. */
export function roll(s: LedgerState, now: number): LedgerState {
  const p = period(s, now);
  if (p.start > s.periodStart) {
    s.periodStart = p.start;
    s.spendMicros = 0;
  }
  for (const [id, r] of Object.entries(s.reservations)) {
    if (now - r.at > RESERVATION_TTL_MS) expire(s, id, now);
    // A lease past its end holds only what its requests in flight may still cost: the slack goes back
    // even if the isolate holding it is gone (evicted, redeployed) and never closes it.
    else if (r.until !== undefined && now > r.until && r.held !== undefined && r.micros > r.held) r.micros = r.held;
  }
  for (const [id, c] of Object.entries(s.charged ?? {})) if (now - c.at > CHARGED_TTL_MS) delete s.charged![id];
  s.requests = prune(s.requests, now);
  s.tokens = prune(s.tokens, now);
  return s;
}

/** An unsettled reservation past its life: what it holds becomes spend (never simply released). */
function expire(s: LedgerState, id: string, now: number): void {
  const r = s.reservations[id]!;
  // A lease past its end holds only what its requests in flight may cost (also when no roll came between).
  const micros = r.until !== undefined && now > r.until && r.held !== undefined ? Math.min(r.micros, r.held) : r.micros;
  delete s.reservations[id];
  if (micros <= 0) return;
  s.spendMicros += micros;
  s.totalSpendMicros += micros;
  s.charged ??= {};
  s.charged[id] = { micros, at: now };
}

/**
 * Spend that arrives for a reservation already charged at its expiry: the charge is replaced by the
 * real cost, down to `remaining` still charged (the bounds of requests still in flight; by default the
 * charge less this cost). Only a charge in the current period moves the period's spend (an earlier period
 * is closed, and it already took the charge).
 */
function correctCharge(s: LedgerState, id: string, costMicros: number, remaining?: number): boolean {
  const c = s.charged?.[id];
  if (!c) return false;
  const keep = Math.max(0, Math.min(c.micros, remaining ?? c.micros - costMicros));
  const delta = costMicros - (c.micros - keep);
  s.totalSpendMicros = Math.max(0, s.totalSpendMicros + delta);
  if (c.at >= s.periodStart) s.spendMicros = Math.max(0, s.spendMicros + delta);
  if (keep > 0) c.micros = keep;
  else delete s.charged![id];
  return true;
}

function reserved(s: LedgerState): number {
  let t = 0;
  for (const r of Object.values(s.reservations)) t += r.micros;
  return t;
}

/** Check status, parallel, rpm, tpm and budget limits; on success reserve `costMicros` under `id`. */
export function admit(s: LedgerState, req: { id: string; costMicros: number }, now: number): AdmitResult {
  roll(s, now);
  const l = s.limits;
  if (!l) return { ok: true, grant: {} }; // nothing to enforce (an end user nobody configured): no reservation
  if (s.reservations[req.id]) return { ok: true, grant: grantOf(s) }; // the same request asked twice
  if (l.deleted) return refuse(s, { reason: "deleted" });
  if (l.blocked) return refuse(s, { reason: "blocked" });
  if (l.expiresAt !== null && l.expiresAt <= now) return refuse(s, { reason: "expired", expiresAt: l.expiresAt });
  const inFlight = Object.keys(s.reservations).length;
  if (l.maxParallelRequests !== null && inFlight >= l.maxParallelRequests) {
    return refuse(s, { reason: "parallel", limit: l.maxParallelRequests, current: inFlight, retryAfterMs: 1000 });
  }
  const requests = total(s.requests);
  if (l.rpmLimit !== null && requests >= l.rpmLimit) {
    return refuse(s, {
      reason: "rpm",
      limit: l.rpmLimit,
      current: requests,
      retryAfterMs: msUntilAtMost(s.requests, now, l.rpmLimit - 1),
    });
  }
  const tokens = total(s.tokens);
  if (l.tpmLimit !== null && tokens >= l.tpmLimit) {
    return refuse(s, {
      reason: "tpm",
      limit: l.tpmLimit,
      current: tokens,
      retryAfterMs: msUntilAtMost(s.tokens, now, l.tpmLimit - 1),
    });
  }
  if (l.maxBudgetMicros !== null) {
    const held = reserved(s);
    if (s.spendMicros >= l.maxBudgetMicros || s.spendMicros + held + req.costMicros > l.maxBudgetMicros) {
      const resetsAt = period(s, now).end;
      return refuse(s, {
        reason: "budget",
        limit: l.maxBudgetMicros,
        spendMicros: s.spendMicros,
        reservedMicros: held,
        costMicros: req.costMicros,
        resetsAt,
        retryAfterMs: resetsAt === null ? undefined : Math.max(0, resetsAt - now),
      });
    }
  }
  s.reservations[req.id] = { micros: req.costMicros, at: now };
  s.requests = add(s.requests, now, 1);
  return { ok: true, grant: grantOf(s) };
}

function refuse(s: LedgerState, r: Refusal): AdmitResult {
  return { ok: false, refusal: { ...r, rates: grantOf(s) } };
}

function grantOf(s: LedgerState): Grant {
  const l = s.limits;
  const g: Grant = {};
  if (!l) return g;
  if (l.rpmLimit !== null) g.rpm = { limit: l.rpmLimit, remaining: Math.max(0, l.rpmLimit - total(s.requests)) };
  if (l.tpmLimit !== null) g.tpm = { limit: l.tpmLimit, remaining: Math.max(0, l.tpmLimit - total(s.tokens)) };
  if (l.softBudgetMicros !== null && s.spendMicros >= l.softBudgetMicros) g.softBudgetExceeded = true;
  if (l.maxBudgetMicros !== null || l.softBudgetMicros !== null)
    g.budget = {
      spendMicros: s.spendMicros,
      maxBudgetMicros: l.maxBudgetMicros,
      softBudgetMicros: l.softBudgetMicros,
      periodStart: s.periodStart,
    };
  return g;
}

/** Swap the reservation for the real cost and count the tokens. A settlement after the reservation expired still counts. */
export function settle(
  s: LedgerState,
  req: { id: string; costMicros: number; tokens: number },
  now: number,
): LedgerState {
  roll(s, now);
  s.tokens = add(s.tokens, now, req.tokens);
  if (!s.reservations[req.id] && correctCharge(s, req.id, req.costMicros, 0)) return s;
  delete s.reservations[req.id];
  s.spendMicros += req.costMicros;
  s.totalSpendMicros += req.costMicros;
  return s;
}

/** Undo an admission that never went ahead (another account refused the request). */
export function release(s: LedgerState, id: string, now: number): LedgerState {
  roll(s, now);
  const r = s.reservations[id];
  if (!r) {
    correctCharge(s, id, 0, 0); // it never went ahead: an expiry charge is given back
    return s;
  }
  delete s.reservations[id];
  s.requests = subtract(s.requests, r.at, 1);
  return s;
}

/**
 * A lease: an allowance an isolate admits requests from on its own, held in the ledger as one
 * reservation. Its requests count in the rpm window when granted and its micros are reserved
 * against the budget, so whatever the isolate admits within it stays inside every limit.
 */
export interface LeaseRequest {
  id: string;
  /** Requests wanted (at least 1). */
  requests: number;
  /** Upper-bound cost of the request that asks: less than this is a refusal. */
  minMicros: number;
  /** Micros wanted (at least minMicros). */
  micros: number;
  /** How long the isolate admits from the lease (ms). */
  ttlMs?: number;
  /** Fetched ahead of need: no request of it is in flight yet (else the one that asked may be). */
  ahead?: boolean;
}

export type LeaseResult =
  | { ok: true; requests: number; micros: number; unlimited: boolean; grant: Grant }
  | { ok: false; refusal: Refusal };

/** Spend and tokens from a lease's requests; `used` closes it (unused requests go back to the window). */
export interface LeaseReport {
  id: string;
  costMicros: number;
  tokens: number;
  used?: number;
  /** The bounds of the lease's requests still in flight. */
  held?: number;
}

/** How long past a lease's end its slack stays reserved (reports in transit, clocks apart). */
export const LEASE_GRACE_MS = 5_000;

/** A lease holds more than its first request's bound only while the budget has room for this many such requests. */
export const LEASE_SLACK_BOUNDS = 64;

/**
 * Grant a lease: the first request is checked exactly as `admit` checks it; more is added only
 * where it cannot crowd others out. rpm: at most a quarter of the requests left this minute.
 * tpm: as many requests as a quarter of the tokens left covers at this minute's tokens per request
 * (4 while the minute has none). Budget: a quarter of the headroom, and only while the headroom
 * holds LEASE_SLACK_BOUNDS such requests; near the end of a budget a lease is one request's bound,
 * so a refusal means the budget is really taken. max_parallel_requests: one request per lease
 * (each reservation is one request in flight).
 */
export function grantLease(s: LedgerState, req: LeaseRequest, now: number): LeaseResult {
  roll(s, now);
  const l = s.limits;
  if (!l) return { ok: true, requests: req.requests, micros: req.micros, unlimited: true, grant: {} };
  const first = admit(s, { id: req.id, costMicros: req.minMicros }, now);
  if (!first.ok) return first;
  const r = s.reservations[req.id]!;
  const requestsNow = total(s.requests);
  let requests = l.maxParallelRequests !== null ? 1 : req.requests;
  if (l.rpmLimit !== null) requests = Math.min(requests, Math.max(1, Math.floor((l.rpmLimit - requestsNow + 1) / 4)));
  if (l.tpmLimit !== null) {
    const tokens = total(s.tokens);
    const perRequest = tokens / Math.max(1, requestsNow - 1);
    requests = Math.min(requests, tokens === 0 ? 4 : Math.max(1, Math.floor((l.tpmLimit - tokens) / perRequest / 4)));
  }
  let micros = req.minMicros;
  if (l.maxBudgetMicros === null) micros = Math.max(micros, req.micros);
  else {
    const headroom = l.maxBudgetMicros - s.spendMicros - reserved(s); // after this lease's first request
    if (headroom >= LEASE_SLACK_BOUNDS * req.minMicros)
      micros = Math.max(micros, Math.min(req.micros, req.minMicros + Math.floor(headroom / 4)));
  }
  if (requests > 1) s.requests = add(s.requests, now, requests - 1);
  r.micros = micros;
  r.requests = requests;
  if (req.ttlMs !== undefined) {
    r.until = now + req.ttlMs + LEASE_GRACE_MS;
    r.held = req.ahead ? 0 : req.minMicros; // until the first report: the request that asked may be in flight
  }
  return { ok: true, requests, micros, unlimited: false, grant: grantOf(s) };
}

/** Spend and tokens of a lease's requests; with `used`, the lease ends and its unused requests leave the window. */
export function reportLease(s: LedgerState, rep: LeaseReport, now: number): LedgerState {
  roll(s, now);
  s.tokens = add(s.tokens, now, rep.tokens);
  const r = s.reservations[rep.id];
  if (!r) {
    // Charged at its expiry: the real cost replaces the charge (what is still in flight stays charged).
    if (correctCharge(s, rep.id, rep.costMicros, rep.used !== undefined ? 0 : rep.held)) return s;
    s.spendMicros += rep.costMicros; // unknown: the spend still counts
    s.totalSpendMicros += rep.costMicros;
    return s;
  }
  s.spendMicros += rep.costMicros;
  s.totalSpendMicros += rep.costMicros;
  r.micros = Math.max(0, r.micros - rep.costMicros);
  if (rep.held !== undefined) r.held = rep.held;
  if (rep.used !== undefined) {
    delete s.reservations[rep.id];
    const unused = (r.requests ?? 1) - rep.used;
    if (unused > 0) s.requests = subtract(s.requests, r.at, unused);
  }
  return s;
}

export function usage(s: LedgerState, now: number): LedgerUsage {
  roll(s, now);
  return {
    spendMicros: s.spendMicros,
    totalSpendMicros: s.totalSpendMicros,
    reservedMicros: reserved(s),
    inFlight: Object.keys(s.reservations).length,
    periodStart: s.periodStart,
    resetsAt: period(s, now).end,
    requestsLastMinute: total(s.requests),
    tokensLastMinute: total(s.tokens),
    limits: s.limits,
  };
}
