import {
  AuthenticationError,
  BudgetExceededError,
  type GatewayError,
  PermissionDeniedError,
  RateLimitError,
} from "../errors/gateway-error.js";
import type { AccountClaim } from "../state/account-limits.js";
import type { Grant, Refusal } from "../state/ledger.js";

const usd = (micros: number) => `$${(micros / 1_000_000).toFixed(6)}`;
const iso = (ms: number) => new Date(ms).toISOString();

/** How LiteLLM names the account in "Budget has been exceeded! Team=<id> Current cost: ...". */
const QUALIFIER: Record<AccountClaim["ref"]["kind"], (id: string) => string> = {
  key: () => "",
  key_model: () => "",
  team: (id) => `Team=${id} `,
  user: (id) => `User=${id} `,
  customer: (id) => `End User=${id} `,
  org: (id) => `Organization=${id} `,
};

/** OpenAI-style rate-limit headers for the tightest of the accounts' rpm/tpm limits. */
export function rateHeaders(grants: ReadonlyArray<Grant | undefined>): Record<string, string> {
  const h: Record<string, string> = {};
  let rpm: Grant["rpm"];
  let tpm: Grant["tpm"];
  for (const g of grants) {
    if (g?.rpm && (!rpm || g.rpm.remaining < rpm.remaining)) rpm = g.rpm;
    if (g?.tpm && (!tpm || g.tpm.remaining < tpm.remaining)) tpm = g.tpm;
  }
  if (rpm) {
    h["x-ratelimit-limit-requests"] = String(rpm.limit);
    h["x-ratelimit-remaining-requests"] = String(rpm.remaining);
  }
  if (tpm) {
    h["x-ratelimit-limit-tokens"] = String(tpm.limit);
    h["x-ratelimit-remaining-tokens"] = String(tpm.remaining);
  }
  return h;
}

/** The error a client sees when one of its accounts refuses the request (never a secret in it). */
export function refusalError(claim: AccountClaim, r: Refusal): GatewayError {
  const who = claim.label;
  const kind = claim.ref.kind;
  const headers = rateHeaders([r.rates]);
  const retryAfter = r.retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(r.retryAfterMs / 1000));
  switch (r.reason) {
    case "deleted":
      return kind === "key"
        ? new AuthenticationError(`invalid API key: ${who} was deleted`, { code: "invalid_api_key" })
        : new AuthenticationError(`${who} was deleted; the key can no longer be used`, { code: "invalid_api_key" });
    case "blocked":
      if (kind === "key")
        return new AuthenticationError(`${who} is blocked (POST /key/unblock lifts it)`, { code: "key_blocked" });
      if (kind === "customer")
        return new PermissionDeniedError(`${who} is blocked`, { code: "end_user_blocked", param: "user" });
      return new PermissionDeniedError(`${who} is blocked`, { code: `${kind}_blocked` });
    case "expired":
      return new AuthenticationError(`${who} expired at ${iso(r.expiresAt ?? 0)}`, { code: "expired_key" });
    case "parallel":
      headers["x-ratelimit-limit-parallel-requests"] = String(r.limit);
      return new RateLimitError(
        `rate limit exceeded for ${who}: max_parallel_requests ${r.limit} reached (${r.current} in flight)`,
        {
          code: "max_parallel_requests_exceeded",
          retryAfter,
          headers,
        },
      );
    case "rpm":
      return new RateLimitError(
        `rate limit exceeded for ${who}: rpm_limit ${r.limit} reached (${r.current} requests in the last minute); retry in ${retryAfter}s`,
        {
          code: "rpm_limit_exceeded",
          retryAfter,
          headers,
        },
      );
    case "tpm":
      return new RateLimitError(
        `rate limit exceeded for ${who}: tpm_limit ${r.limit} reached (${r.current} tokens in the last minute); retry in ${retryAfter}s`,
        {
          code: "tpm_limit_exceeded",
          retryAfter,
          headers,
        },
      );
    case "budget": {
      const spend = r.spendMicros ?? 0;
      const limit = r.limit ?? 0;
      const held = r.reservedMicros ?? 0;
      const detail =
        spend >= limit
          ? `current spend ${usd(spend)}, max_budget ${usd(limit)}`
          : `current spend ${usd(spend)} + ${usd(held)} held by requests in flight + up to ${usd(r.costMicros ?? 0)} for this request would pass max_budget ${usd(limit)} (a lower max_tokens lowers the hold)`;
      const reset = r.resetsAt ? `; the budget resets at ${iso(r.resetsAt)}` : "";
      // LiteLLM's wording first (clients match on it), then which account and why
      const litellm = `Budget has been exceeded! ${QUALIFIER[kind](claim.ref.id)}Current cost: ${spend / 1e6}, Max budget: ${limit / 1e6}`;
      return new BudgetExceededError(`${litellm}. ${who}: ${detail}${reset}`, {
        code: "budget_exceeded",
        retryAfter: r.resetsAt ? retryAfter : undefined,
        headers,
      });
    }
  }
}
