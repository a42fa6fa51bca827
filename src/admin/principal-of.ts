import { AuthenticationError, PermissionDeniedError } from "../errors/gateway-error.js";
import { intersectAllowLists } from "../access/model-access.js";
import type { Principal } from "../state/principal.js";
import type { AccountClaim } from "../state/account-limits.js";
import { limitsOf, type KeyRecord, type TeamRecord, type UserRecord } from "./records.js";

/** A key with the team and user it belongs to, as one lookup returns them. */
export interface KeyBundle {
  key: KeyRecord;
  team?: TeamRecord;
  user?: UserRecord;
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

/**
 * The principal of a virtual key, or the 401/403 that stops it here already (blocked, expired,
 * team blocked). The account ledgers check the same again with the newest limits.
 */
export function principalOf(b: KeyBundle, now: number): Principal {
  const { key, team, user } = b;
  if (key.blocked)
    throw new AuthenticationError(`${keyLabel(key)} is blocked (POST /key/unblock lifts it)`, { code: "key_blocked" });
  if (key.expires_at !== null && key.expires_at <= now) {
    throw new AuthenticationError(`${keyLabel(key)} expired at ${new Date(key.expires_at).toISOString()}`, {
      code: "expired_key",
    });
  }
  if (team?.blocked)
    throw new PermissionDeniedError(`team "${team.team_alias ?? team.team_id}" is blocked`, { code: "team_blocked" });
  const accounts: AccountClaim[] = [
    { ref: { kind: "key", id: key.token_id }, label: keyLabel(key), limits: limitsOf(key) },
  ];
  if (team)
    accounts.push({
      ref: { kind: "team", id: team.team_id },
      label: `team "${team.team_alias ?? team.team_id}"`,
      limits: limitsOf(team),
    });
  if (user)
    accounts.push({ ref: { kind: "user", id: user.user_id }, label: `user "${user.user_id}"`, limits: limitsOf(user) });
  return {
    kind: "virtual",
    keyHash: key.token,
    keyAlias: key.key_alias,
    keyName: key.key_name,
    teamId: key.team_id,
    userId: key.user_id,
    models: intersectAllowLists(intersectAllowLists(keyModels(key, team), team?.models ?? []), user?.models ?? []),
    aliases: key.aliases,
    metadata: key.metadata,
    accounts,
  };
}
