import type { GroupPolicy, OutcomeEvent } from "./router-types.js";

/** A group's queue grows at most this long before it is flushed regardless. */
const MAX_QUEUED = 256;

/**
 * Outcomes on their way to the state store, per model group (one per isolate). They ride along
 * with the next `pick` for their group, or go out in one batch shortly after the response; so
 * under load most requests cost one state round trip in total, not two.
 */
export class OutcomeOutbox {
  private readonly pending = new Map<string, { policy: GroupPolicy; events: OutcomeEvent[] }>();
  private flushScheduled = false;

  /** Queue events. True when the caller should schedule a flush (none is scheduled, or a queue is full). */
  add(group: string, policy: GroupPolicy, events: readonly OutcomeEvent[]): boolean {
    const q = this.pending.get(group);
    if (q) {
      q.policy = policy;
      q.events.push(...events);
    } else this.pending.set(group, { policy, events: [...events] });
    const full = (q?.events.length ?? events.length) >= MAX_QUEUED;
    if (this.flushScheduled && !full) return false;
    this.flushScheduled = true;
    return true;
  }

  /** The queued events of one group (for a pick to carry). */
  take(group: string): OutcomeEvent[] {
    const q = this.pending.get(group);
    if (!q) return [];
    this.pending.delete(group);
    return q.events;
  }

  /** Everything queued, by group (for a flush). */
  takeAll(): Array<{ group: string; policy: GroupPolicy; events: OutcomeEvent[] }> {
    const out = [...this.pending].map(([group, q]) => ({ group, policy: q.policy, events: q.events }));
    this.pending.clear();
    this.flushScheduled = false;
    return out;
  }
}
