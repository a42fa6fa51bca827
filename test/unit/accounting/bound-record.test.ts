import { describe, expect, it } from "vitest";
import { MAX_RECORD_TEXT, boundSpendRecord } from "../../../src/accounting/bound-record.js";
import type { SpendRecord } from "../../../src/state/spend-record.js";

const record: SpendRecord = {
  request_id: "req-1",
  created_at: 1,
  key_hash: null,
  key_alias: null,
  team_id: null,
  user_id: null,
  end_user: "alice",
  model_group: "m",
  requested_model: "m",
  deployment_id: "d",
  provider: "openai",
  model: "gpt",
  prompt_tokens: 1,
  completion_tokens: 2,
  cached_tokens: 0,
  reasoning_tokens: 0,
  cost_micros: 3,
  status: 200,
  error_type: null,
  latency_ms: 4,
  ttft_ms: null,
  stream: false,
  attempted_retries: 0,
  attempted_fallbacks: 0,
  tags: ["a"],
  metadata: {},
  operation: "chat",
};

describe("a spend record's size bound", () => {
  it("leaves an ordinary record as it is", () => {
    expect(boundSpendRecord(record)).toBe(record);
  });

  it("cuts long client text with a marker and says what was cut", () => {
    const out = boundSpendRecord({ ...record, requested_model: "m".repeat(3_000_000), end_user: "u".repeat(5000) });
    expect(out.requested_model!.startsWith("m".repeat(MAX_RECORD_TEXT))).toBe(true);
    expect(out.requested_model).toContain("…[truncated from 3000000 characters]");
    expect(out.end_user).toContain("…[truncated from 5000 characters]");
    expect(out.metadata).toEqual({ truncated: ["end_user", "requested_model"] });
    expect(JSON.stringify(out).length).toBeLessThan(5000);
    expect(out.cost_micros).toBe(3);
  });

  it("keeps at most 64 tags of 256 characters and replaces oversized metadata by its size", () => {
    const out = boundSpendRecord({
      ...record,
      tags: Array.from({ length: 100 }, (_, i) => `${i}`.padEnd(300, "t")),
      metadata: { blob: "x".repeat(20_000) },
    });
    expect(out.tags).toHaveLength(64);
    expect(out.tags[0]).toContain("…[truncated from 300 characters]");
    expect(out.metadata).toEqual({ truncated_metadata_chars: 20_011, truncated: ["tags", "metadata"] });
  });
});
