import { BudgetRecord } from "../../admin/budget-record.js";
import { OrganizationRecord } from "../../admin/organization-record.js";
import { CustomerRecord, KeyRecord, TeamRecord, UserRecord } from "../../admin/records.js";
import type { AdminStore, KeyTable, UserTable } from "../../admin/store.js";
import { d1AuditTable } from "./d1-audit-table.js";
import { d1EntityTable } from "./d1-entity-table.js";
import { duplicateAsBadRequest } from "./d1-errors.js";
import { d1MemberTable } from "./d1-member-table.js";
import { d1ModelTable } from "./d1-model-table.js";
import { d1SpendQueries } from "./d1-spend-queries.js";

export { lookupKeyBundle } from "./d1-key-bundle.js";

/**
 * Management records and spend logs in D1. `onWrite` runs after every write (isolate cache
 * invalidation); `modelSecretKey` seals runtime models' credentials.
 */
export function d1AdminStore(db: D1Database, onWrite: () => void, opts: { modelSecretKey?: string } = {}): AdminStore {
  const keyTable = d1EntityTable(
    db,
    {
      table: "keys",
      id: "token",
      columns: ["token_id", "key_alias", "team_id", "user_id", "budget_id", "created_at"],
      filters: ["team_id", "user_id", "key_alias", "budget_id"],
      schema: KeyRecord,
    },
    onWrite,
  );
  const keys: KeyTable = {
    ...keyTable,
    async getByAlias(alias) {
      const row = await db.prepare("SELECT data FROM keys WHERE key_alias = ?").bind(alias).first<{ data: string }>();
      return row ? KeyRecord.parse(JSON.parse(row.data)) : undefined;
    },
    async rekey(oldToken, r, expectedVersion, graceUntil) {
      const update = db
        .prepare("UPDATE keys SET token = ?, data = ? WHERE token = ? AND json_extract(data, '$.version') = ?")
        .bind(r.token, JSON.stringify(r), oldToken, expectedVersion);
      const extra = [db.prepare("DELETE FROM previous_tokens WHERE expires_at <= ?").bind(r.updated_at)];
      if (graceUntil !== undefined)
        extra.push(
          db
            .prepare(
              "INSERT INTO previous_tokens (token, token_id, expires_at) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM keys WHERE token = ?)",
            )
            .bind(oldToken, r.token_id, graceUntil, r.token),
        );
      try {
        const [res] = await db.batch([update, ...extra]);
        return res!.meta.changes === 1;
      } catch (e) {
        return duplicateAsBadRequest(e, r);
      } finally {
        onWrite();
      }
    },
  };
  const userTable = d1EntityTable(
    db,
    {
      table: "users",
      id: "user_id",
      columns: ["user_email", "budget_id", "created_at"],
      filters: ["budget_id"],
      schema: UserRecord,
    },
    onWrite,
  );
  const users: UserTable = {
    ...userTable,
    async getByEmail(email) {
      const row = await db
        .prepare("SELECT data FROM users WHERE user_email = ? ORDER BY created_at LIMIT 1")
        .bind(email)
        .first<{ data: string }>();
      return row ? UserRecord.parse(JSON.parse(row.data)) : undefined;
    },
  };
  return {
    keys,
    teams: d1EntityTable(
      db,
      {
        table: "teams",
        id: "team_id",
        columns: ["team_alias", "organization_id", "created_at"],
        filters: ["organization_id"],
        schema: TeamRecord,
      },
      onWrite,
    ),
    users,
    customers: d1EntityTable(
      db,
      {
        table: "customers",
        id: "user_id",
        columns: ["budget_id", "created_at"],
        filters: ["budget_id"],
        schema: CustomerRecord,
      },
      onWrite,
    ),
    members: d1MemberTable(db, { table: "team_members", group: "team_id" }),
    organizations: d1EntityTable(
      db,
      {
        table: "organizations",
        id: "organization_id",
        columns: ["organization_alias", "budget_id", "created_at"],
        filters: ["budget_id"],
        schema: OrganizationRecord,
      },
      onWrite,
    ),
    orgMembers: d1MemberTable(db, { table: "organization_members", group: "organization_id" }),
    budgets: d1EntityTable(
      db,
      { table: "budgets", id: "budget_id", columns: ["created_at"], filters: [], schema: BudgetRecord },
      onWrite,
    ),
    models: d1ModelTable(db, onWrite),
    audit: d1AuditTable(db),
    spend: d1SpendQueries(db),
    modelSecretKey: opts.modelSecretKey,
  };
}
