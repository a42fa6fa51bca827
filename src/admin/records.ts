import { z } from "zod";
import type { AccountLimits } from "../state/account-limits.js";

/**
 * Stored management records (D1 rows hold them as JSON next to their indexed columns).
 * Money is integer micro-dollars; times are epoch ms.
 */
const Int = z.number().int();

export const LimitFields = z.object({
  max_budget_micros: Int.nullable(),
  soft_budget_micros: Int.nullable(),
  budget_duration: z.string().nullable(),
  /** Budget periods count from here (creation, or when budget_duration last changed). */
  budget_anchor: Int,
  tpm_limit: Int.nullable(),
  rpm_limit: Int.nullable(),
  max_parallel_requests: Int.nullable(),
});
export type LimitFields = z.infer<typeof LimitFields>;

/** One model group's budget on a key or budget (model_max_budget): its own (key, model group) ledger. */
export const ModelBudget = z.object({
  max_budget_micros: Int,
  budget_duration: z.string().nullable(),
  /** Budget periods count from here (when the entry was set, or its budget_duration last changed). */
  budget_anchor: Int.default(0),
});
export type ModelBudget = z.infer<typeof ModelBudget>;

export const Stamp = {
  metadata: z.record(z.string(), z.unknown()),
  created_at: Int,
  updated_at: Int,
  /** Grows with every write (also the version of the limits pushed to the account's ledger). */
  version: Int,
};

export const KeyRecord = LimitFields.extend({
  /** sha-256 (hex) of the key: the only form in which the key is stored. */
  token: z.string(),
  /** Stable id of the key (survives /key/regenerate); names its ledger. */
  token_id: z.string(),
  /** Display hint, e.g. "sk-...a1b2". */
  key_name: z.string(),
  key_alias: z.string().nullable(),
  team_id: z.string().nullable(),
  user_id: z.string().nullable(),
  models: z.array(z.string()),
  aliases: z.record(z.string(), z.string()),
  tags: z.array(z.string()),
  blocked: z.boolean(),
  duration: z.string().nullable(),
  expires_at: Int.nullable(),
  /** A shared budget (/budget/new) whose limits apply where the key sets none. */
  budget_id: z.string().nullable().default(null),
  organization_id: z.string().nullable().default(null),
  /** Model group (or pattern) → its budget on this key. */
  model_max_budget: z.record(z.string(), ModelBudget).default({}),
  permissions: z.record(z.string(), z.unknown()).default({}),
  allowed_cache_controls: z.array(z.string()).default([]),
  ...Stamp,
});
export type KeyRecord = z.infer<typeof KeyRecord>;

export const TeamMember = z.object({
  user_id: z.string().min(1),
  user_email: z.string().nullable().optional(),
  role: z.enum(["admin", "user"]).default("user"),
});
export type TeamMember = z.infer<typeof TeamMember>;

export const TeamRecord = LimitFields.extend({
  team_id: z.string(),
  team_alias: z.string().nullable(),
  models: z.array(z.string()),
  blocked: z.boolean(),
  members_with_roles: z.array(TeamMember),
  organization_id: z.string().nullable().default(null),
  /** Model name → model group, for every key of the team (a key's own aliases win). */
  model_aliases: z.record(z.string(), z.string()).default({}),
  tags: z.array(z.string()).default([]),
  ...Stamp,
});
export type TeamRecord = z.infer<typeof TeamRecord>;

export const UserRole = z.enum(["proxy_admin", "proxy_admin_viewer", "internal_user", "internal_user_viewer"]);

export const UserRecord = LimitFields.extend({
  user_id: z.string(),
  user_email: z.string().nullable(),
  user_alias: z.string().nullable(),
  user_role: UserRole,
  models: z.array(z.string()),
  budget_id: z.string().nullable().default(null),
  ...Stamp,
});
export type UserRecord = z.infer<typeof UserRecord>;

export const CustomerRecord = LimitFields.extend({
  user_id: z.string(),
  alias: z.string().nullable(),
  blocked: z.boolean(),
  budget_id: z.string().nullable().default(null),
  allowed_model_region: z.enum(["eu", "us"]).nullable().default(null),
  default_model: z.string().nullable().default(null),
  ...Stamp,
});
export type CustomerRecord = z.infer<typeof CustomerRecord>;

/** The limits a record puts on its account's ledger. */
export function limitsOf(
  r: LimitFields & { version: number; blocked?: boolean; expires_at?: number | null },
  deleted = false,
): AccountLimits {
  return {
    version: r.version,
    maxBudgetMicros: r.max_budget_micros,
    softBudgetMicros: r.soft_budget_micros,
    budgetDuration: r.budget_duration,
    budgetAnchor: r.budget_anchor,
    rpmLimit: r.rpm_limit,
    tpmLimit: r.tpm_limit,
    maxParallelRequests: r.max_parallel_requests,
    blocked: r.blocked ?? false,
    deleted,
    expiresAt: r.expires_at ?? null,
  };
}

/** The next version after `prev`: time-based so a re-created account outranks every earlier incarnation. */
export function nextVersion(prev: number, now: number): number {
  return Math.max(prev + 1, now);
}

export const toMicros = (usd: number) => Math.round(usd * 1_000_000);
export const toUsd = (micros: number) => micros / 1_000_000;
export const usdOrNull = (micros: number | null) => (micros === null ? null : toUsd(micros));
export const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
