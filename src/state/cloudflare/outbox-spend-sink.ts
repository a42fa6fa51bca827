import type { SpendOutboxObject } from "../../../durable-objects/spend-outbox.js";
import type { SpendRecord } from "../spend-record.js";
import { OUTBOX_SHARDS, outboxShard } from "../outbox-policy.js";
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

  /** One call for many records (one shard per batch, serialised once as a JSON array); tried three times. */
  async recordMany(recs: SpendRecord[]): Promise<void> {
    if (!recs.length) return;
    const stub = this.stub(outboxShard(recs[0]!.request_id));
    const batch = JSON.stringify(recs);
    for (let attempt = 1; ; attempt++) {
      try {
        await stub.append(batch);
        return;
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
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
