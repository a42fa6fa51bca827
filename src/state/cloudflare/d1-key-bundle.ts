import { BudgetRecord } from "../../admin/budget-record.js";
import { OrganizationRecord } from "../../admin/organization-record.js";
import type { KeyBundle } from "../../admin/principal-of.js";
import { KeyRecord, TeamRecord, UserRecord } from "../../admin/records.js";

/**
 * A key with everything that binds it, in one read (the authenticator's cache miss): its team,
 * user, organization (the team's, else the key's) and the shared budgets they name. A key
 * regenerated with a grace period is found under its previous hash too, with the grace's end.
 */
const SQL = `WITH hit AS (
  SELECT token, NULL AS grace FROM keys WHERE token = ?1
  UNION ALL
  SELECT k.token, p.expires_at FROM previous_tokens p JOIN keys k ON k.token_id = p.token_id WHERE p.token = ?1
)
SELECT hit.grace AS grace, k.data AS k, t.data AS t, u.data AS u, o.data AS o, kb.data AS kb, ub.data AS ub, ob.data AS ob
FROM hit
JOIN keys k ON k.token = hit.token
LEFT JOIN teams t ON t.team_id = k.team_id
LEFT JOIN users u ON u.user_id = k.user_id
LEFT JOIN organizations o ON o.organization_id = COALESCE(t.organization_id, json_extract(k.data, '$.organization_id'))
LEFT JOIN budgets kb ON kb.budget_id = k.budget_id
LEFT JOIN budgets ub ON ub.budget_id = u.budget_id
LEFT JOIN budgets ob ON ob.budget_id = o.budget_id
LIMIT 1`;

interface Row {
  grace: number | null;
  k: string;
  t: string | null;
  u: string | null;
  o: string | null;
  kb: string | null;
  ub: string | null;
  ob: string | null;
}

export async function lookupKeyBundle(db: D1Database, token: string): Promise<KeyBundle | undefined> {
  const row = await db.prepare(SQL).bind(token).first<Row>();
  if (!row) return undefined;
  const parse = <T>(schema: { parse(v: unknown): T }, text: string | null): T | undefined =>
    text ? schema.parse(JSON.parse(text)) : undefined;
  return {
    key: KeyRecord.parse(JSON.parse(row.k)),
    team: parse(TeamRecord, row.t),
    user: parse(UserRecord, row.u),
    org: parse(OrganizationRecord, row.o),
    budgets: { key: parse(BudgetRecord, row.kb), user: parse(BudgetRecord, row.ub), org: parse(BudgetRecord, row.ob) },
    graceUntil: row.grace === null ? undefined : Number(row.grace),
  };
}
