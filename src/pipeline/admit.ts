import type { Deps } from "../deps.js";
import { type GatewayError, ServiceUnavailableError } from "../errors/gateway-error.js";
import type { Principal } from "../state/principal.js";
import type { AccountClaim, AccountRef } from "../state/account-limits.js";
import type { BudgetStanding, Grant } from "../state/ledger.js";
import { rateHeaders, refusalError } from "./admission-error.js";
import { modelBudgetClaims } from "../access/model-budget-claims.js";
import { accountName } from "../state/account-limits.js";

/** A request let through by every account it is charged to. */
export interface Admission {
  /** x-ratelimit-* for the response. */
  headers: Record<string, string>;
  /**
   * Swap the reservations for the real cost, after the response (deferred; only the first call
   * counts). `group`: the model group that answered; a model budget of another group is charged
   * nothing. Returns where each budgeted account stands with this cost added (from the grants in
   * hand: no extra call).
   */
  settle(o: { costMicros: number; tokens: number; group?: string }): AccountStanding[];
}

/** Where one charged account's budget stands at the end of a request (accounts with a budget only). */
export interface AccountStanding {
  ref: AccountRef;
  budget: BudgetStanding;
  /** The request was refused for this account's budget. */
  refused?: boolean;
}

const NO_STANDINGS: AccountStanding[] = [];
const NOTHING_TO_ADMIT: Admission = { headers: {}, settle: () => NO_STANDINGS };

/** The accounts a request is charged to: the key's (key, team, user) and the end user named in `user`. */
export function claimsOf(p: Principal, endUser: string | null | undefined): AccountClaim[] {
  const claims = p.kind === "virtual" ? [...p.accounts] : [];
  if (endUser) claims.push({ ref: { kind: "customer", id: endUser }, label: `end user "${endUser.slice(0, 128)}"` });
  return claims;
}

/**
 * Admission: every account the request is charged to checks its status, rate limits and budget
 * and reserves an upper bound of the request's cost, all in parallel (one round trip). One
 * refusal undoes the others' reservations and becomes the client's error.
 */
export async function admitRequest(
  deps: Deps,
  opts: {
    principal: Principal;
    /** The request's `user`: its end-user account is charged too. */
    endUser: string | null | undefined;
    requestId: string;
    /** The reservation: an upper bound of the request's cost over every deployment its plan can reach (only worked out when some account is charged). */
    costBound: () => number;
    /** The model groups the request's plan can reach: a key's model budget for any of them is charged too. */
    groups?: readonly string[];
    /** Told where the refusing account's budget stands when a budget refused the request. */
    onRefused?: (standings: AccountStanding[]) => void;
  },
): Promise<Admission> {
  const ledgers = deps.state.ledgers;
  const claims = claimsOf(opts.principal, opts.endUser);
  // model_max_budget: (key, model) accounts of every group the request can reach, each reserved as exactly as the
  // key's own budget; when the request settles only the group that answered is charged.
  const onlyFor = new Map<AccountClaim, string[]>();
  for (const group of opts.groups ?? []) {
    for (const c of modelBudgetClaims(opts.principal, group)) {
      const same = [...onlyFor.keys()].find((x) => accountName(x.ref) === accountName(c.ref));
      if (same) onlyFor.get(same)!.push(group);
      else {
        onlyFor.set(c, [group]);
        claims.push(c);
      }
    }
  }
  if (!ledgers || !claims.length) return NOTHING_TO_ADMIT;
  const { requestId } = opts;
  const costMicros = opts.costBound();
  const results = await Promise.allSettled(
    claims.map((c) => ledgers.admit(c.ref, { requestId, costMicros, limits: c.limits })),
  );
  const admitted: AccountClaim[] = [];
  const grants: Grant[] = [];
  let refused: GatewayError | undefined;
  let unavailable: unknown;
  results.forEach((r, i) => {
    const claim = claims[i]!;
    if (r.status === "fulfilled" && r.value.background) deps.defer(r.value.background);
    if (r.status === "rejected") unavailable ??= r.reason;
    else if (r.value.ok) {
      admitted.push(claim);
      grants.push(r.value.grant);
    } else {
      const refusal = r.value.refusal;
      if (!refused && refusal.reason === "budget" && refusal.rates?.budget)
        opts.onRefused?.([{ ref: claim.ref, budget: refusal.rates.budget, refused: true }]);
      refused ??= refusalError(claim, refusal);
    }
  });
  if (refused || unavailable !== undefined) {
    if (admitted.length) {
      deps.defer(
        Promise.all(admitted.map((c) => ledgers.release(c.ref, requestId))).catch((e) => {
          deps.log.warn("releasing reservations failed", { request_id: requestId, error: String(e) });
        }),
      );
    }
    if (refused) throw refused;
    deps.log.error("account ledgers unavailable", { request_id: requestId, error: String(unavailable) });
    throw new ServiceUnavailableError("the budget and rate-limit service did not answer; try again shortly", {
      code: "ledger_unavailable",
      retryAfter: 1,
    });
  }
  let settled = false;
  return {
    headers: rateHeaders(grants),
    settle(o) {
      if (settled) return NO_STANDINGS;
      settled = true;
      const charged = (c: AccountClaim) => {
        const groups = onlyFor.get(c);
        return !groups || (o.group !== undefined && groups.includes(o.group));
      };
      let standings = NO_STANDINGS;
      // Every claim was admitted here, so grants[i] is claims[i]'s.
      grants.forEach((g, i) => {
        const claim = claims[i]!;
        if (!g.budget) return;
        if (standings === NO_STANDINGS) standings = [];
        const cost = charged(claim) ? o.costMicros : 0;
        standings.push({ ref: claim.ref, budget: { ...g.budget, spendMicros: g.budget.spendMicros + cost } });
      });
      const pending: Array<Promise<void>> = [];
      for (const c of claims) {
        try {
          const p = ledgers.settle(c.ref, {
            requestId,
            costMicros: charged(c) ? o.costMicros : 0,
            tokens: charged(c) ? o.tokens : 0,
          });
          if (p) pending.push(p);
        } catch (e) {
          pending.push(Promise.reject(e));
        }
      }
      if (!pending.length) return standings;
      deps.defer(
        Promise.all(pending).catch((e) => {
          deps.log.error("settling spend on account ledgers failed", { request_id: requestId, error: String(e) });
        }),
      );
      return standings;
    },
  };
}
