import type { LedgerUsage } from "../state/ledger.js";
import { limitView } from "./context.js";
import { modelBudgetView } from "./model-budgets.js";
import { isoOrNull, type KeyRecord } from "./records.js";

/** A key as the management API shows it (LiteLLM's field names); never the key itself. */
export function keyView(r: KeyRecord, u?: LedgerUsage) {
  return {
    token: r.token,
    token_id: r.token_id,
    key_name: r.key_name,
    key_alias: r.key_alias,
    ...limitView(r, u),
    models: r.models,
    aliases: r.aliases,
    metadata: r.metadata,
    tags: r.tags,
    team_id: r.team_id,
    user_id: r.user_id,
    organization_id: r.organization_id,
    budget_id: r.budget_id,
    model_max_budget: modelBudgetView(r.model_max_budget),
    permissions: r.permissions,
    allowed_cache_controls: r.allowed_cache_controls,
    blocked: r.blocked,
    duration: r.duration,
    expires: isoOrNull(r.expires_at),
    created_at: new Date(r.created_at).toISOString(),
    updated_at: new Date(r.updated_at).toISOString(),
  };
}

export const keyRef = (r: Pick<KeyRecord, "token_id">) => ({ kind: "key" as const, id: r.token_id });
