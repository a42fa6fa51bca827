import { AuditEntry, type AuditFilter, type AuditTable } from "../../admin/audit-record.js";

/** The audit log in D1 (audit_logs): appended in one batch per management call; read newest first. */
export function d1AuditTable(db: D1Database): AuditTable {
  return {
    async insert(entries) {
      if (!entries.length) return;
      await db.batch(
        entries.map((e) =>
          db
            .prepare(
              "INSERT INTO audit_logs (id, created_at, actor, actor_alias, actor_role, action, object_type, object_id, before_value, after_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(
              e.id,
              e.created_at,
              e.actor,
              e.actor_alias,
              e.actor_role,
              e.action,
              e.object_type,
              e.object_id,
              e.before_value === null ? null : JSON.stringify(e.before_value),
              e.after_value === null ? null : JSON.stringify(e.after_value),
            ),
        ),
      );
    },
    async list(f, page) {
      const { sql, binds } = whereOf(f);
      const [rows, count] = await db.batch([
        db
          .prepare(`SELECT * FROM audit_logs${sql} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`)
          .bind(...binds, page.limit, page.offset),
        db.prepare(`SELECT COUNT(*) AS n FROM audit_logs${sql}`).bind(...binds),
      ]);
      return {
        rows: (rows!.results as Array<Record<string, unknown>>).map((r) =>
          AuditEntry.parse({
            ...r,
            before_value: r.before_value === null ? null : JSON.parse(String(r.before_value)),
            after_value: r.after_value === null ? null : JSON.parse(String(r.after_value)),
          }),
        ),
        total: Number((count!.results[0] as { n: number } | undefined)?.n ?? 0),
      };
    },
  };
}

/** Filter columns are constants; every value is bound. */
function whereOf(f: AuditFilter): { sql: string; binds: unknown[] } {
  const conds: string[] = [];
  const binds: unknown[] = [];
  const add = (cond: string, v: unknown) => {
    if (v === undefined) return;
    conds.push(cond);
    binds.push(v);
  };
  add("created_at >= ?", f.start);
  add("created_at < ?", f.end);
  add("actor = ?", f.actor);
  add("action = ?", f.action);
  add("object_type = ?", f.objectType);
  add("object_id = ?", f.objectId);
  return { sql: conds.length ? ` WHERE ${conds.join(" AND ")}` : "", binds };
}
