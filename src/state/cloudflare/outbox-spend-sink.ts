import type { SpendOutboxObject } from "../../../durable-objects/spend-outbox.js";
import type { SpendRecord } from "../spend-record.js";
import { boundSpendRecord } from "../../accounting/bound-record.js";
import { LostSpendError } from "../lost-spend.js";
import { OUTBOX_SHARDS, outboxShard } from "../outbox-policy.js";
import { spendChunks } from "./spend-log-row.js";
import type { SpendBacklog } from "../ports.js";
import type { BatchSpendSink } from "../batching-spend-sink.js";

/**
 * Spend records into the outbox Durable Object (a batch goes to the shard of its first request id),
 * which writes them to D1. Runs after the response (deps.defer); a failed hand-off is tried twice more.
 */
export class OutboxSpendSink implements BatchSpendSink {
  constructor(private readonly ns: DurableObjectNamespace<SpendOutboxObject>) {}

  private stub(shard: number): DurableObjectStub<SpendOutboxObject> {
    return this.ns.get(this.ns.idFromName(`spend-outbox-${shard}`));
  }

  record(rec: SpendRecord): Promise<void> {
    return this.recordMany([rec]);
  }

  /**
   * One call for many records (one shard per batch, each record bounded and serialised once); a batch
   * larger than one stored row may hold goes in several calls, each tried three times on its own, so a
   * failing part loses none of the others. Throws the records that could not be handed over.
   */
  async recordMany(recs: SpendRecord[]): Promise<void> {
    if (!recs.length) return;
    const stub = this.stub(outboxShard(recs[0]!.request_id));
    const bounded = recs.map(boundSpendRecord);
    const lost: SpendRecord[] = [];
    let error: unknown;
    let at = 0;
    for (const { json, count } of spendChunks(bounded.map((r) => JSON.stringify(r)))) {
      try {
        await appendWithRetry(stub, json);
      } catch (e) {
        lost.push(...bounded.slice(at, at + count));
        error = e;
      }
      at += count;
    }
    if (lost.length) throw new LostSpendError(lost, error);
  }

  async backlog(): Promise<SpendBacklog> {
    const shards = await Promise.all(Array.from({ length: OUTBOX_SHARDS }, (_, i) => this.stub(i).backlog()));
    return {
      pending: shards.reduce((a, s) => a + s.pending, 0),
      dead: shards.reduce((a, s) => a + s.dead, 0),
      failing_shards: shards.filter((s) => s.failures > 0).length,
    };
  }
}

async function appendWithRetry(stub: DurableObjectStub<SpendOutboxObject>, chunk: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await stub.append(chunk);
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}
