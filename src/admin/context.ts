import type { RuntimeConfig } from "../runtime-config.js";
import type { Deps } from "../deps.js";
import { InternalServerError, NotFoundError } from "../errors/gateway-error.js";
import type { AccountLimits, AccountRef, ConfigureOptions } from "../state/account-limits.js";
import { addDuration, parseDuration } from "../state/budget-duration.js";
import type { LedgerUsage } from "../state/ledger.js";
import type { AccountLedgers } from "../state/ports.js";
import { toMicros, type LimitFields } from "./records.js";
import type { AdminStore } from "./store.js";
import { type Actor, MASTER_ACTOR } from "./actor.js";
import { type AuditChange, auditedStore } from "./audited-store.js";

/** What management handlers reach. */
export interface AdminContext {
  store: AdminStore;
  ledgers?: AccountLedgers;
  now: () => number;
  log: Deps["log"];
  /** Who is calling (the master key unless a route says otherwise). */
  actor: Actor;
  config: RuntimeConfig;
}

/** The management context of a call; `audit` receives every record the call changes. */
export function adminContext(deps: Deps, opts: { actor?: Actor; audit?: (c: AuditChange) => void } = {}): AdminContext {
  const store = deps.state.admin;
  if (!store) {
    throw new InternalServerError(
      "no database is configured for the management API: bind a D1 database as DB in wrangler.toml",
      { code: "no_db_connection" },
    );
  }
  return {
    store: opts.audit ? auditedStore(store, opts.audit) : store,
    ledgers: deps.state.ledgers,
    now: deps.now,
    log: deps.log,
    actor: opts.actor ?? MASTER_ACTOR,
    config: deps.config,
  };
}

export function notFound(what: string, id: string, param: string): never {
  throw new NotFoundError(`${what} "${id}" not found`, { param, code: "not_found" });
}

/** Push a record's limits to its account ledger; the write already happened, so a failure asks for a retry. */
export async function pushLimits(
  ctx: AdminContext,
  ref: AccountRef,
  limits: AccountLimits,
  opts?: ConfigureOptions,
): Promise<void> {
  if (!ctx.ledgers) return;
  try {
    await ctx.ledgers.configure(ref, limits, opts);
  } catch (e) {
    ctx.log.error("pushing limits to the account ledger failed", {
      account: `${ref.kind}:${ref.id}`,
      error: String(e),
    });
    throw new InternalServerError(
      `saved, but the limits of ${ref.kind} "${ref.id}" could not be applied yet; repeat the request`,
      { code: "ledger_unavailable" },
    );
  }
}

/** Live spend of an account (zero when there is no ledger or it cannot be reached). */
export async function usageOf(ctx: AdminContext, ref: AccountRef): Promise<LedgerUsage | undefined> {
  if (!ctx.ledgers) return undefined;
  try {
    return await ctx.ledgers.usage(ref);
  } catch (e) {
    ctx.log.warn("reading an account ledger failed", { account: `${ref.kind}:${ref.id}`, error: String(e) });
    return undefined;
  }
}

/** Limit fields of a create/update request (USD in, micro-dollars stored); `undefined` keeps, `null` clears. */
export interface LimitInput {
  max_budget?: number | null;
  soft_budget?: number | null;
  budget_duration?: string | null;
  tpm_limit?: number | null;
  rpm_limit?: number | null;
  max_parallel_requests?: number | null;
}

export function applyLimits(prev: LimitFields | undefined, input: LimitInput, now: number): LimitFields {
  const keep = <T>(v: T | null | undefined, old: T | null): T | null => (v === undefined ? old : v);
  const money = (v: number | null | undefined, old: number | null) =>
    v === undefined ? old : v === null ? null : toMicros(v);
  const duration = keep(input.budget_duration, prev?.budget_duration ?? null);
  return {
    max_budget_micros: money(input.max_budget, prev?.max_budget_micros ?? null),
    soft_budget_micros: money(input.soft_budget, prev?.soft_budget_micros ?? null),
    budget_duration: duration,
    // a new budget_duration starts a new period now
    budget_anchor: prev && prev.budget_duration === duration ? prev.budget_anchor : now,
    tpm_limit: keep(input.tpm_limit, prev?.tpm_limit ?? null),
    rpm_limit: keep(input.rpm_limit, prev?.rpm_limit ?? null),
    max_parallel_requests: keep(input.max_parallel_requests, prev?.max_parallel_requests ?? null),
  };
}

/** Expiry of a key created/renewed now with `duration` ("30d"); null = never. */
export function expiryOf(duration: string | null | undefined, now: number): number | null {
  if (!duration) return null;
  const d = parseDuration(duration);
  return d ? addDuration(now, d) : null;
}

/** Read-modify-write with the record's version as the guard, retried when another write got in first. */
export async function updateWithRetry<R extends { version: number }>(
  load: () => Promise<R | undefined>,
  change: (r: R) => R | Promise<R>,
  write: (next: R, expectedVersion: number) => Promise<boolean>,
  missing: () => never,
): Promise<R> {
  for (let i = 0; i < 5; i++) {
    const cur = await load();
    if (!cur) missing();
    const next = await change(cur);
    if (await write(next, cur.version)) return next;
  }
  throw new InternalServerError("the record kept changing under this update; repeat the request", { code: "conflict" });
}

/** The budget/limit fields every record shows (USD). */
export function limitView(r: LimitFields, u: LedgerUsage | undefined) {
  const spend = (u?.spendMicros ?? 0) / 1e6;
  const max = r.max_budget_micros === null ? null : r.max_budget_micros / 1e6;
  return {
    spend,
    max_budget: max,
    soft_budget: r.soft_budget_micros === null ? null : r.soft_budget_micros / 1e6,
    remaining_budget:
      r.max_budget_micros === null ? null : Math.max(0, r.max_budget_micros - (u?.spendMicros ?? 0)) / 1e6,
    budget_duration: r.budget_duration,
    budget_reset_at: u?.resetsAt ? new Date(u.resetsAt).toISOString() : null,
    tpm_limit: r.tpm_limit,
    rpm_limit: r.rpm_limit,
    max_parallel_requests: r.max_parallel_requests,
  };
}

/** An update's value: `undefined` keeps the current one, `null` unsets it (to `unset`). */
export function updated<T>(v: T | null | undefined, cur: T, unset: T): T {
  return v === undefined ? cur : v === null ? unset : v;
}
