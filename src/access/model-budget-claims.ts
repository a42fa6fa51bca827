import type { AccountClaim, AccountRef } from "../state/account-limits.js";
import type { Principal } from "../state/principal.js";
import { matchesPattern } from "./model-access.js";

/** The ledger account of one of a key's model_max_budget entries: (key, model group). */
export const modelBudgetRef = (tokenId: string, model: string): AccountRef => ({
  kind: "key_model",
  id: `${tokenId}:${model}`,
});

/**
 * The (key, model group) accounts a request routed to `modelGroup` is also charged to: every
 * model_max_budget entry naming the group (or a pattern matching it). Empty for the master key
 * and for keys without model budgets.
 */
export function modelBudgetClaims(principal: Principal, modelGroup: string): AccountClaim[] {
  if (principal.kind !== "virtual" || !principal.modelBudgets || !principal.tokenId) return [];
  const who = principal.keyAlias ? `key "${principal.keyAlias}" (${principal.keyName})` : `key ${principal.keyName}`;
  const claims: AccountClaim[] = [];
  for (const [model, limits] of Object.entries(principal.modelBudgets)) {
    if (!matchesPattern(model, modelGroup)) continue;
    claims.push({
      ref: modelBudgetRef(principal.tokenId, model),
      label: `${who} for model "${model}"`,
      limits,
    });
  }
  return claims;
}
