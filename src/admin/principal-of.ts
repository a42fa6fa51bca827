import { AuthenticationError, PermissionDeniedError } from "../errors/gateway-error.js";
import { intersectAllowLists } from "../access/model-access.js";
import type { Principal } from "../state/principal.js";
import type { AccountClaim } from "../state/account-limits.js";
import { type BudgetRecord, withBudget } from "./budget-record.js";
import { modelBudgetLimits } from "./model-budgets.js";
import type { OrganizationRecord } from "./organization-record.js";
import { limitsOf, type KeyRecord, type TeamRecord, type UserRecord } from "./records.js";

/** A key with what binds it (team, user, organization, their shared budgets), as one lookup returns them. */
export interface KeyBundle {
  key: KeyRecord;
  team?: TeamRecord;
  user?: UserRecord;
  org?: OrganizationRecord;
  budgets?: { key?: BudgetRecord; user?: BudgetRecord; org?: BudgetRecord };
  /** Set when the key was presented by its previous value (regenerated with a grace period): when that stops working. */
  graceUntil?: number;
}

export function keyLabel(k: Pick<KeyRecord, "key_alias" | "key_name">): string {
  return k.key_alias ? `key "${k.key_alias}" (${k.key_name})` : `key ${k.key_name}`;
}

/** A key's own list with LiteLLM's specials: "all-team-models" = the team's list, "all-proxy-models" = everything. */
function keyModels(key: KeyRecord, team?: TeamRecord): string[] {
  if (key.models.includes("all-proxy-models")) return [];
  if (key.models.includes("all-team-models")) return team?.models ?? [];
  return key.models;
}

/** Whether a bundle's principal may be reused at `now` (expiry and a rotation's grace are checked on every use). */
export function bundleUsable(b: KeyBundle, now: number): boolean {
  return (b.key.expires_at === null || b.key.expires_at > now) && (b.graceUntil === undefined || b.graceUntil > now);
}

/**
 * The principal of a virtual key, or the 401/403 that stops it here already (blocked, expired,
 * regenerated past its grace, team or organization blocked). The account ledgers check the same
 * again with the newest limits.
 */
export function principalOf(b: KeyBundle, now: number): Principal {
  const { key, team, user, org } = b;
  if (key.blocked)
    throw new AuthenticationError(`${keyLabel(key)} is blocked (POST /key/unblock lifts it)`, { code: "key_blocked" });
  if (key.expires_at !== null && key.expires_at <= now) {
    throw new AuthenticationError(`${keyLabel(key)} expired at ${new Date(key.expires_at).toISOString()}`, {
      code: "expired_key",
    });
  }
  if (b.graceUntil !== undefined && b.graceUntil <= now) {
    throw new AuthenticationError(
      `this key was regenerated; its grace period ended at ${new Date(b.graceUntil).toISOString()}`,
      { code: "expired_key" },
    );
  }
  if (team?.blocked)
    throw new PermissionDeniedError(`team "${team.team_alias ?? team.team_id}" is blocked`, { code: "team_blocked" });
  if (org?.blocked)
    throw new PermissionDeniedError(`organization "${org.organization_alias ?? org.organization_id}" is blocked`, {
      code: "organization_blocked",
    });
  const keyLimits = withBudget(key, b.budgets?.key);
  const accounts: AccountClaim[] = [
    { ref: { kind: "key", id: key.token_id }, label: keyLabel(key), limits: limitsOf(keyLimits) },
  ];
  if (team)
    accounts.push({
      ref: { kind: "team", id: team.team_id },
      label: `team "${team.team_alias ?? team.team_id}"`,
      limits: limitsOf(team),
    });
  if (user)
    accounts.push({
      ref: { kind: "user", id: user.user_id },
      label: `user "${user.user_id}"`,
      limits: limitsOf(withBudget(user, b.budgets?.user)),
    });
  if (org)
    accounts.push({
      ref: { kind: "org", id: org.organization_id },
      label: `organization "${org.organization_alias ?? org.organization_id}"`,
      limits: limitsOf(withBudget(org, b.budgets?.org)),
    });
  const lists = [keyModels(key, team), team?.models ?? [], user?.models ?? [], org?.models ?? []];
  return {
    kind: "virtual",
    keyHash: key.token,
    keyAlias: key.key_alias,
    keyName: key.key_name,
    teamId: key.team_id,
    teamAlias: team?.team_alias ?? null,
    userId: key.user_id,
    models: lists.reduce(intersectAllowLists, []),
    aliases: { ...(team?.model_aliases ?? {}), ...key.aliases },
    metadata: key.metadata,
    accounts,
    tokenId: key.token_id,
    organizationId: org?.organization_id ?? null,
    allowLists: lists.filter((l) => l.length > 0),
    modelBudgets: modelBudgetLimits(key, b.budgets?.key),
    allowedCacheControls: key.allowed_cache_controls,
  };
}
