import type { KeyBundle } from "../../admin/principal-of.js";
import { CustomerRecord, KeyRecord, TeamRecord, UserRecord } from "../../admin/records.js";
import type { AdminStore, KeyTable, MemberTable } from "../../admin/store.js";
import { VERSION_GUARD, d1EntityTable } from "./d1-entity-table.js";
import { duplicateAsBadRequest } from "./d1-errors.js";
import { d1SpendQueries } from "./d1-spend-queries.js";

/** Management records and spend logs in D1. `onWrite` runs after every write (isolate cache invalidation). */
export function d1AdminStore(db: D1Database, onWrite: () => void): AdminStore {
  const keyTable = d1EntityTable(
    db,
    {
      table: "keys",
      id: "token",
      columns: ["token_id", "key_alias", "team_id", "user_id", "created_at"],
      filters: ["team_id", "user_id", "key_alias"],
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
    async rekey(oldToken, r, expectedVersion) {
      try {
        const res = await db
          .prepare(`UPDATE keys SET token = ?, version = ?, data = ? WHERE token = ? AND ${VERSION_GUARD}`)
          .bind(r.token, r.version, JSON.stringify(r), oldToken, expectedVersion)
          .run();
        return res.meta.changes === 1;
      } catch (e) {
        return duplicateAsBadRequest(e, r);
      } finally {
        onWrite();
      }
    },
  };
  const members: MemberTable = {
    async add(teamId, userId, role) {
      await db
        .prepare(
          "INSERT INTO team_members (team_id, user_id, role) VALUES (?, ?, ?) ON CONFLICT (team_id, user_id) DO UPDATE SET role = excluded.role",
        )
        .bind(teamId, userId, role)
        .run();
    },
    async remove(teamId, userIds) {
      if (userIds.length)
        await db.batch(
          userIds.map((u) => db.prepare("DELETE FROM team_members WHERE team_id = ? AND user_id = ?").bind(teamId, u)),
        );
    },
    async removeTeam(teamId) {
      await db.prepare("DELETE FROM team_members WHERE team_id = ?").bind(teamId).run();
    },
    async removeUser(userId) {
      await db.prepare("DELETE FROM team_members WHERE user_id = ?").bind(userId).run();
    },
    async teamsOf(userId) {
      const res = await db
        .prepare("SELECT team_id FROM team_members WHERE user_id = ? ORDER BY team_id")
        .bind(userId)
        .all<{ team_id: string }>();
      return res.results.map((r) => r.team_id);
    },
  };
  return {
    keys,
    teams: d1EntityTable(
      db,
      { table: "teams", id: "team_id", columns: ["team_alias", "created_at"], filters: [], schema: TeamRecord },
      onWrite,
    ),
    users: d1EntityTable(
      db,
      { table: "users", id: "user_id", columns: ["user_email", "created_at"], filters: [], schema: UserRecord },
      onWrite,
    ),
    customers: d1EntityTable(
      db,
      { table: "customers", id: "user_id", columns: ["created_at"], filters: [], schema: CustomerRecord },
      onWrite,
    ),
    members,
    spend: d1SpendQueries(db),
  };
}

/** A key with its team and user in one read (the authenticator's cache miss). */
export async function lookupKeyBundle(db: D1Database, token: string): Promise<KeyBundle | undefined> {
  const row = await db
    .prepare(
      "SELECT k.data AS k, t.data AS t, u.data AS u FROM keys k LEFT JOIN teams t ON t.team_id = k.team_id LEFT JOIN users u ON u.user_id = k.user_id WHERE k.token = ?",
    )
    .bind(token)
    .first<{ k: string; t: string | null; u: string | null }>();
  if (!row) return undefined;
  return {
    key: KeyRecord.parse(JSON.parse(row.k)),
    team: row.t ? TeamRecord.parse(JSON.parse(row.t)) : undefined,
    user: row.u ? UserRecord.parse(JSON.parse(row.u)) : undefined,
  };
}
