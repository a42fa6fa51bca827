import type { z } from "zod";
import type { EntityTable } from "../../admin/store.js";
import { duplicateAsBadRequest } from "./d1-errors.js";

/**
 * One management table in D1: an id column, a few indexed columns, the record's version (the
 * optimistic lock, migrations/0003) and the whole record as JSON in `data`. Table and column names are
 * constants of the spec (never input); every value is bound. No statement parses `data` in SQL, so a
 * record SQLite's JSON functions would refuse (metadata nested past their depth limit) can still be written.
 */
export interface TableSpec<R, F extends string> {
  table: string;
  id: keyof R & string;
  /** Indexed columns besides id and data, read from the record. */
  columns: ReadonlyArray<keyof R & string>;
  /** Columns `list` may filter on (a subset of id + columns). */
  filters: readonly F[];
  schema: z.ZodType<R>;
}

/**
 * The optimistic lock: the row still holds the version the writer read. NULL is a row whose JSON SQLite
 * could not parse when 0003 added the column; its first write sets it.
 */
export const VERSION_GUARD = "(version = ? OR version IS NULL)";

export function d1EntityTable<R extends { version: number; created_at: number }, F extends string>(
  db: D1Database,
  spec: TableSpec<R, F>,
  onWrite: () => void,
): EntityTable<R, F> {
  const cols = [spec.id, ...spec.columns, "version", "data"];
  const insertSql = `INSERT INTO ${spec.table} (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`;
  const updateSql = `UPDATE ${spec.table} SET ${[...spec.columns, "version", "data"].map((c) => `${c} = ?`).join(", ")} WHERE ${spec.id} = ? AND ${VERSION_GUARD}`;
  const getSql = `SELECT data FROM ${spec.table} WHERE ${spec.id} = ?`;
  const deleteSql = `DELETE FROM ${spec.table} WHERE ${spec.id} = ? RETURNING ${spec.id} AS id`;
  const values = (r: R) => spec.columns.map((c) => (r[c] ?? null) as unknown);
  const parse = (data: unknown): R => spec.schema.parse(JSON.parse(String(data)));

  return {
    async get(id) {
      const row = await db.prepare(getSql).bind(id).first<{ data: string }>();
      return row ? parse(row.data) : undefined;
    },
    async insert(r) {
      try {
        await db
          .prepare(insertSql)
          .bind(r[spec.id] as unknown, ...values(r), r.version, JSON.stringify(r))
          .run();
      } catch (e) {
        duplicateAsBadRequest(e, r as Record<string, unknown>);
      } finally {
        onWrite();
      }
    },
    async replace(r, expectedVersion) {
      try {
        const res = await db
          .prepare(updateSql)
          .bind(...values(r), r.version, JSON.stringify(r), r[spec.id] as unknown, expectedVersion)
          .run();
        return res.meta.changes === 1;
      } catch (e) {
        return duplicateAsBadRequest(e, r as Record<string, unknown>);
      } finally {
        onWrite();
      }
    },
    async remove(ids) {
      if (!ids.length) return [];
      const results = await db.batch(ids.map((id) => db.prepare(deleteSql).bind(id)));
      onWrite();
      return results.flatMap((r) => (r.results as Array<{ id: string }>).map((x) => x.id));
    },
    async list(q) {
      const conds: string[] = [];
      const binds: unknown[] = [];
      for (const f of spec.filters) {
        const v = q.where?.[f];
        if (v === undefined) continue;
        conds.push(`${f} = ?`);
        binds.push(v);
      }
      const where = conds.length ? ` WHERE ${conds.join(" AND ")}` : "";
      const [rows, count] = await db.batch([
        db
          .prepare(`SELECT data FROM ${spec.table}${where} ORDER BY created_at DESC, ${spec.id} LIMIT ? OFFSET ?`)
          .bind(...binds, q.limit, q.offset),
        db.prepare(`SELECT COUNT(*) AS n FROM ${spec.table}${where}`).bind(...binds),
      ]);
      return {
        rows: (rows!.results as Array<{ data: string }>).map((r) => parse(r.data)),
        total: Number((count!.results[0] as { n: number } | undefined)?.n ?? 0),
      };
    },
  };
}
