import type { BudgetFigures, RequestLog } from "../request-log.js";
import type { Alert } from "./alert.js";

const usd = (micros: number) => `$${(micros / 1_000_000).toFixed(micros < 10_000 ? 6 : 2)}`;
const EVENT_GROUP: Record<BudgetFigures["scope"], string> = {
  key: "key",
  team: "team",
  user: "user",
  end_user: "customer",
};
const SCOPE_NAME: Record<BudgetFigures["scope"], string> = {
  key: "Key",
  team: "Team",
  user: "User",
  end_user: "End user",
};

/** Which line an account's spend has crossed: its soft budget, `share` of its max budget, or the max itself. */
export type BudgetLevel = "soft_budget_crossed" | "threshold_crossed" | "budget_crossed";

export function budgetLevels(b: BudgetFigures, share: number): BudgetLevel[] {
  const out: BudgetLevel[] = [];
  if (b.soft_budget_micros !== null && b.spend_micros >= b.soft_budget_micros) out.push("soft_budget_crossed");
  const max = b.max_budget_micros;
  if (max !== null) {
    if (b.refused || b.spend_micros >= max) out.push("budget_crossed");
    else if (b.spend_micros >= max * share) out.push("threshold_crossed");
  }
  return out;
}

/**
 * Budget alerts a finished request makes due: for each account it was charged to, each line its
 * spend is past. The condition key names the account, the line and the budget period, so the
 * alert ledger lets each one through once per window (never per request).
 */
export function budgetAlerts(log: RequestLog, opts: { share: number; now: number }): Alert[] {
  const out: Alert[] = [];
  for (const b of log.budgets) {
    for (const level of budgetLevels(b, opts.share)) {
      const name = b.alias ?? (b.scope === "team" ? log.team_alias : null) ?? b.id;
      const limit = level === "soft_budget_crossed" ? b.soft_budget_micros! : b.max_budget_micros!;
      const what =
        level === "budget_crossed"
          ? "has exceeded its budget"
          : level === "soft_budget_crossed"
            ? "has crossed its soft budget"
            : `has reached ${Math.round(opts.share * 100)}% of its budget`;
      out.push({
        type: "budget_alerts",
        level: level === "budget_crossed" ? "High" : "Medium",
        title: `${SCOPE_NAME[b.scope]} ${name} ${what}`,
        fields: [
          [SCOPE_NAME[b.scope], name],
          ["Spend", usd(b.spend_micros)],
          [level === "soft_budget_crossed" ? "Soft budget" : "Max budget", usd(limit)],
          ...(b.scope !== "key" && log.key_alias ? [["Key alias", log.key_alias] as [string, string]] : []),
          ...(b.scope !== "team" && (log.team_alias ?? log.team_id)
            ? [["Team", (log.team_alias ?? log.team_id)!] as [string, string]]
            : []),
        ],
        condition: `budget:${b.scope}:${b.id}:${b.period_start ?? "none"}:${level}`,
        at: opts.now,
        webhook: {
          event: level,
          event_group: EVENT_GROUP[b.scope],
          event_message: `${SCOPE_NAME[b.scope]} budget: ${what}`,
          spend: b.spend_micros / 1_000_000,
          max_budget: b.max_budget_micros === null ? null : b.max_budget_micros / 1_000_000,
          soft_budget: b.soft_budget_micros === null ? null : b.soft_budget_micros / 1_000_000,
          token: b.scope === "key" ? b.id : log.key_hash,
          key_alias: b.scope === "key" ? (b.alias ?? log.key_alias) : log.key_alias,
          team_id: b.scope === "team" ? b.id : log.team_id,
          team_alias: b.scope === "team" ? (b.alias ?? log.team_alias) : log.team_alias,
          user_id: b.scope === "user" ? b.id : log.user_id,
          customer_id: b.scope === "end_user" ? b.id : null,
        },
      });
    }
  }
  return out;
}
