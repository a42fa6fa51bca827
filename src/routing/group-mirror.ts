import {
  applyEvents,
  countRequest,
  groupFromSnapshot,
  pickDeployment,
  release,
  type GroupState,
} from "./group-state.js";
import type { CooledDown, GroupPolicy, GroupSnapshot, OutcomeEvent, PickRequest, PickResult } from "./router-types.js";

/** How long an isolate routes from its copy of a group's state before it fetches a fresh one. */
export const MIRROR_TTL_MS = 1000;
/** Copies kept per isolate at most (wildcard groups are named by the request); the oldest goes first. */
const MAX_GROUPS = 1000;
/** A refresh not back after this long (its request went away mid-call) no longer blocks the next one. */
const REFRESH_STALE_MS = 5000;

interface Mirror {
  state: GroupState;
  fetchedAt: number;
  refreshingSince?: number;
  /** While a refresh is out: what this isolate did since it left, replayed onto the fresh copy. */
  since?: {
    picks: Array<{ id: string; at: number }>;
    events: Array<{ policy: GroupPolicy; events: readonly OutcomeEvent[]; at: number }>;
  };
}

/**
 * Groups whose choice needs no exact shared count: no deployment has rpm/tpm limits (those are
 * enforced by the store, one pick at a time) and the strategy is not least-busy (which compares
 * in-flight counts across isolates).
 */
export function mirrorable(policy: GroupPolicy): boolean {
  return policy.strategy !== "least-busy" && policy.candidates.every((c) => c.rpm === undefined && c.tpm === undefined);
}

/**
 * Per-isolate copies of model groups' routing state. For a mirrorable group the router chooses
 * from the copy (the same selection rules, no round trip), applies its own outcomes to it at once
 * (a failure cools a deployment here immediately), reports them to the store as before, and
 * fetches a fresh copy in the background once a second, so other isolates' failures, cooldowns
 * and latencies arrive within about a second.
 */
export class GroupMirrors {
  private readonly groups = new Map<string, Mirror>();

  constructor(private readonly ttlMs = MIRROR_TTL_MS) {}

  /** A fresh copy from the store; what this isolate did while it was on its way is replayed onto it. */
  install(group: string, snap: GroupSnapshot, fetchedAt: number): void {
    const state = groupFromSnapshot(snap);
    const since = this.groups.get(group)?.since;
    for (const p of since?.picks ?? []) countRequest(state, p.id, p.at);
    for (const e of since?.events ?? []) applyEvents(state, e.policy, e.events, e.at);
    state.dirty.clear();
    this.groups.delete(group);
    if (this.groups.size >= MAX_GROUPS) this.groups.delete(this.groups.keys().next().value!);
    this.groups.set(group, { state, fetchedAt });
  }

  /** True (and marks the refresh as started) when the copy is due and no refresh is out. */
  beginRefresh(group: string, now: number): boolean {
    const m = this.groups.get(group);
    if (!m || now - m.fetchedAt < this.ttlMs) return false;
    if (m.refreshingSince !== undefined && now - m.refreshingSince < REFRESH_STALE_MS) return false;
    m.refreshingSince = now;
    m.since = { picks: [], events: [] };
    return true;
  }

  /** A refresh failed: the copy stays, the next request tries again. */
  refreshFailed(group: string): void {
    const m = this.groups.get(group);
    if (!m) return;
    m.refreshingSince = undefined;
    m.since = undefined;
  }

  /** This isolate's outcomes, applied to its copy at once; returns the deployments they cooled down. */
  apply(group: string, policy: GroupPolicy, events: readonly OutcomeEvent[], now: number): CooledDown[] | undefined {
    const m = this.groups.get(group);
    if (!m || !events.length) return undefined;
    const cooled = applyEvents(m.state, policy, events, now);
    m.state.dirty.clear();
    m.since?.events.push({ policy, events, at: now });
    return cooled;
  }

  /** Choose from the copy (undefined when the isolate has none yet); the request is counted in the copy. */
  pick(group: string, req: PickRequest, now: number, random: () => number): PickResult | undefined {
    const m = this.groups.get(group);
    if (!m) return undefined;
    const r = pickDeployment(m.state, { ...req, events: [] }, { now, random });
    m.state.dirty.clear();
    if (!r.ok) return r;
    release(m.state, r.lease); // in-flight counts live in the store (and matter only to least-busy)
    m.since?.picks.push({ id: r.id, at: now });
    return { ok: true, id: r.id, lease: "", repeat: r.repeat, local: true };
  }
}
