import { RuntimeModelRecord } from "../../admin/model-record.js";
import type { ModelTable } from "../../admin/store.js";
import { d1EntityTable } from "./d1-entity-table.js";

const BUMP = "UPDATE model_deployments_version SET version = version + 1 WHERE id = 1";

/**
 * Runtime deployments in D1. Every write also bumps the one-row version (after the write, so a
 * reader that sees the new version reads the new rows): isolates notice changes with one small read.
 */
export function d1ModelTable(db: D1Database, onWrite: () => void): ModelTable {
  const bump = async () => {
    await db.prepare(BUMP).run();
  };
  const table = d1EntityTable(
    db,
    {
      table: "model_deployments",
      id: "model_id",
      columns: ["model_name", "created_at"],
      filters: [],
      schema: RuntimeModelRecord,
    },
    onWrite,
  );
  return {
    ...table,
    async insert(r) {
      await table.insert(r);
      await bump();
    },
    async replace(r, v) {
      const ok = await table.replace(r, v);
      if (ok) await bump();
      return ok;
    },
    async remove(ids) {
      const gone = await table.remove(ids);
      if (gone.length) await bump();
      return gone;
    },
    async version() {
      const row = await db
        .prepare("SELECT version FROM model_deployments_version WHERE id = 1")
        .first<{ version: number }>();
      return Number(row?.version ?? 0);
    },
    async all() {
      const res = await db
        .prepare("SELECT data FROM model_deployments ORDER BY created_at, model_id")
        .all<{ data: string }>();
      return res.results.map((r) => RuntimeModelRecord.parse(JSON.parse(r.data)));
    },
  };
}
