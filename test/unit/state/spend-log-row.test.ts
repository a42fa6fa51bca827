import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { SpendRecord } from "../../../src/state/spend-record.js";
import {
  INSERT_SPEND_SQL,
  SPEND_COLUMNS,
  spendChunks,
  spendRecordOf,
} from "../../../src/state/cloudflare/spend-log-row.js";

const migrations = path.resolve(__dirname, "../../../migrations");

/** spend_logs columns as the migrations create them (CREATE TABLE, then any ALTER TABLE ... ADD COLUMN). */
function migratedColumns(): string[] {
  const sql = readdirSync(migrations)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((f) => readFileSync(path.join(migrations, f), "utf8"))
    .join("\n")
    .replace(/--.*$/gm, "");
  const create = /CREATE TABLE spend_logs \(([\s\S]*?)\);/.exec(sql)![1]!;
  const cols = create
    .split(",")
    .map((l) => l.trim().split(/\s+/)[0]!)
    .filter(Boolean);
  for (const m of sql.matchAll(/ALTER TABLE spend_logs ADD COLUMN (\w+)/g)) cols.push(m[1]!);
  return cols;
}

const record: SpendRecord = {
  request_id: "req-1",
  created_at: 1_700_000_000_000,
  key_hash: "ab".repeat(32),
  key_alias: "k",
  team_id: "t",
  user_id: "u",
  end_user: "e",
  model_group: "g",
  requested_model: "g",
  deployment_id: "d",
  provider: "openai",
  model: "m",
  prompt_tokens: 1,
  completion_tokens: 2,
  cached_tokens: 0,
  reasoning_tokens: 0,
  cost_micros: 3,
  status: 200,
  error_type: null,
  latency_ms: 4,
  ttft_ms: null,
  stream: true,
  attempted_retries: 0,
  attempted_fallbacks: 0,
  tags: ["x"],
  metadata: { a: 1 },
  operation: "chat",
};

describe("spend log rows", () => {
  it("the D1 table has a column for every SpendRecord field (a drift would stall the outbox)", () => {
    expect(migratedColumns().sort()).toEqual([...SPEND_COLUMNS].sort());
  });

  it("reads a D1 row back as the record (JSON text columns parsed, 0/1 as boolean)", () => {
    const row: Record<string, unknown> = { ...record, stream: 1, tags: '["x"]', metadata: '{"a":1}' };
    expect(spendRecordOf(row)).toEqual(record);
  });

  it("the insert takes every column from one JSON array parameter", () => {
    expect(INSERT_SPEND_SQL.match(/\?/g)).toHaveLength(1);
    for (const c of SPEND_COLUMNS) expect(INSERT_SPEND_SQL).toContain(`value ->> '$.${c}'`);
  });

  it("packs records into JSON arrays that stay under the size cap, none split or lost", () => {
    const one = JSON.stringify(record);
    const many = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ ...record, request_id: `req-${i}` }));
    expect(spendChunks([])).toEqual([]);
    expect(spendChunks([one])).toEqual([{ json: `[${one}]`, count: 1 }]);
    const chunks = spendChunks(many);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.json.length).toBeLessThanOrEqual(900_000);
      expect((JSON.parse(c.json) as unknown[]).length).toBe(c.count);
    }
    expect(chunks.flatMap((c) => (JSON.parse(c.json) as SpendRecord[]).map((r) => r.request_id))).toEqual(
      many.map((_, i) => `req-${i}`),
    );
  });
});
