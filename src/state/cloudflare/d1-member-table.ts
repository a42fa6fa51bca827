import type { MemberTable } from "../../admin/store.js";

/** Memberships in one of the two member tables (a constant of the code, never input); every value is bound. */
export function d1MemberTable(
  db: D1Database,
  spec: { table: "team_members" | "organization_members"; group: "team_id" | "organization_id" },
): MemberTable {
  const { table, group } = spec;
  return {
    async add(groupId, userId, role) {
      await db
        .prepare(
          `INSERT INTO ${table} (${group}, user_id, role) VALUES (?, ?, ?) ON CONFLICT (${group}, user_id) DO UPDATE SET role = excluded.role`,
        )
        .bind(groupId, userId, role)
        .run();
    },
    async remove(groupId, userIds) {
      if (userIds.length)
        await db.batch(
          userIds.map((u) => db.prepare(`DELETE FROM ${table} WHERE ${group} = ? AND user_id = ?`).bind(groupId, u)),
        );
    },
    async removeTeam(groupId) {
      await db.prepare(`DELETE FROM ${table} WHERE ${group} = ?`).bind(groupId).run();
    },
    async removeUser(userId) {
      await db.prepare(`DELETE FROM ${table} WHERE user_id = ?`).bind(userId).run();
    },
    async teamsOf(userId) {
      const res = await db
        .prepare(`SELECT ${group} AS id FROM ${table} WHERE user_id = ? ORDER BY ${group}`)
        .bind(userId)
        .all<{ id: string }>();
      return res.results.map((r) => r.id);
    },
  };
}
