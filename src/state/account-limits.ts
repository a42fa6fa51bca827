import { z } from "zod";

/**
 * What binds one account (a virtual key, team, internal user, end user, organization, or one
 * model group on a key — model_max_budget): its budget, rate limits and status. The management
 * API writes these; the account's ledger enforces them.
 */
export const AccountKind = z.enum(["key", "team", "user", "customer", "org", "key_model"]);
export type AccountKind = z.infer<typeof AccountKind>;

export const AccountRef = z.object({ kind: AccountKind, id: z.string().min(1) });
export type AccountRef = z.infer<typeof AccountRef>;

export const AccountLimits = z.object({
  /** Grows with every write; a ledger keeps the newest limits it has seen. */
  version: z.number().int(),
  maxBudgetMicros: z.number().int().nullable(),
  softBudgetMicros: z.number().int().nullable(),
  /** "30s", "1h", "1d", "30d", "1mo"...; null = the budget never resets. */
  budgetDuration: z.string().nullable(),
  /** Budget periods start here and follow each other every budgetDuration (epoch ms). */
  budgetAnchor: z.number().int(),
  rpmLimit: z.number().int().nullable(),
  tpmLimit: z.number().int().nullable(),
  maxParallelRequests: z.number().int().nullable(),
  blocked: z.boolean(),
  deleted: z.boolean(),
  expiresAt: z.number().int().nullable(),
});
export type AccountLimits = z.infer<typeof AccountLimits>;

/** An account a request is charged to, as the caller knows it (limits from its cached record, if any). */
export interface AccountClaim {
  ref: AccountRef;
  /** How errors name it, e.g. `key "ci-bot" (sk-...a1b2)` — never a secret. */
  label: string;
  limits?: AccountLimits;
}

/** Options of a limits push: `reset` starts the ledger from zero; `spendMicros` sets the current period's spend. */
export interface ConfigureOptions {
  reset?: boolean;
  spendMicros?: number;
}

/** Stable name of the account's ledger (e.g. the Durable Object name). */
export function accountName(ref: AccountRef): string {
  return `${ref.kind}:${ref.id}`;
}

export function noLimits(version = 0, anchor = 0): AccountLimits {
  return {
    version,
    maxBudgetMicros: null,
    softBudgetMicros: null,
    budgetDuration: null,
    budgetAnchor: anchor,
    rpmLimit: null,
    tpmLimit: null,
    maxParallelRequests: null,
    blocked: false,
    deleted: false,
    expiresAt: null,
  };
}
