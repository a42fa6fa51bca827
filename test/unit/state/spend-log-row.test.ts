import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { SpendRecord } from "../../../src/accounting/record.js";
import { SPEND_COLUMNS, spendRecordOf, spendRowValues } from "../../../src/state/cloudflare/spend-log-row.js";

const migrations = path.resolve(__dirname, "../../../migrations");

/** spend_logs columns as the migrations create them (CREATE TABLE, then any ALTER TABLE ... ADD COLUMN). */
function migratedColumns(): string[] {
  const sql = readdirSync(migrations).filter((f) => f.endsWith(".sql")).sort().map((f) => readFileSync(path.join(migrations, f), "utf8")).join("\n").replace(/--.*$/gm, "");
  const create = /CREATE TABLE spend_logs \(([\s\S]*?)\);/.exec(sql)![1]!;
  const cols = create.split(",").map((l) => l.trim().split(/\s+/)[0]!).filter(Boolean);
  for (const m of sql.matchAll(/ALTER TABLE spend_logs ADD COLUMN (\w+)/g)) cols.push(m[1]!);
  return cols;
}

const record: SpendRecord = {
  request_id: "req-1", created_at: 1_700_000_000_000, key_hash: "ab".repeat(32), key_alias: "k", team_id: "t", user_id: "u",
  end_user: "e", model_group: "g", requested_model: "g", deployment_id: "d", provider: "openai", model: "m",
  prompt_tokens: 1, completion_tokens: 2, cached_tokens: 0, reasoning_tokens: 0, cost_micros: 3, status: 200, error_type: null,
  latency_ms: 4, ttft_ms: null, stream: true, attempted_retries: 0, attempted_fallbacks: 0, tags: ["x"], metadata: { a: 1 },
};

describe("spend log rows", () => {
  it("the D1 table has a column for every SpendRecord field (a drift would stall the outbox)", () => {
    expect(migratedColumns().sort()).toEqual([...SPEND_COLUMNS].sort());
  });

  it("round-trips a record through its row", () => {
    const row = Object.fromEntries(SPEND_COLUMNS.map((c, i) => [c, spendRowValues(record)[i]]));
    expect(row.stream).toBe(1);
    expect(row.tags).toBe('["x"]');
    expect(spendRecordOf(row)).toEqual(record);
  });
});
