import { addSample, meanOf, TIMEOUT_PENALTY_MS } from "./latency.js";
import { isCooling, recordFailure, FAILURE_WINDOW_MS } from "./cooldown.js";
import { add, msUntilAtMost, prune, total } from "../state/minute-window.js";
import type {
  CandidateSpec,
  DeploymentLiveState,
  DeploymentStateData,
  GroupPolicy,
  CooledDown,
  GroupSnapshot,
  OutcomeEvent,
  PickRequest,
  PickResult,
} from "./router-types.js";
import { selectDeployment } from "./select-deployment.js";
import type { CandidateView } from "./strategies/candidate-view.js";

/**
 * The routing state of one model group and the pure transitions on it. The Durable Object and
 * the in-memory store both hold a GroupState and call these; neither adds logic of its own.
 */
/** One deployment's numbers: requests/tokens in the sliding minute, ms per output token, ms to first token (streams), cooldown. */
export type DeploymentState = DeploymentStateData;

export interface GroupState {
  deployments: Map<string, DeploymentState>;
  /** In-flight attempts: lease → deployment id and start time (insertion order = age). */
  leases: Map<string, { id: string; at: number }>;
  inFlight: Map<string, number>;
  seq: number;
  /** Deployments changed since the last persist. */
  dirty: Set<string>;
}

/** A lease whose outcome never arrived (a crashed isolate) stops counting as in flight after this. */
export const LEASE_TTL_MS = 15 * 60_000;

export function newGroupState(): GroupState {
  return { deployments: new Map(), leases: new Map(), inFlight: new Map(), seq: 0, dirty: new Set() };
}

export function newDeploymentState(id: string): DeploymentState {
  return {
    id,
    requests: [],
    tokens: [],
    failures: [],
    cooldownUntil: 0,
    cooldownReason: null,
    latency: [],
    ttft: [],
    successes: 0,
    failed: 0,
    lastError: null,
  };
}

function stateOf(g: GroupState, id: string): DeploymentState {
  let d = g.deployments.get(id);
  if (!d) {
    d = newDeploymentState(id);
    g.deployments.set(id, d);
  }
  return d;
}

/** Count one request on a deployment at `at` (its rpm window). */
export function countRequest(g: GroupState, id: string, at: number): void {
  const d = stateOf(g, id);
  d.requests = add(prune(d.requests, at), at, 1);
  g.dirty.add(id);
}

/** Free an in-flight lease (its attempt ended). */
export function release(g: GroupState, lease: string | undefined): void {
  if (lease === undefined) return;
  const l = g.leases.get(lease);
  if (!l) return;
  g.leases.delete(lease);
  g.inFlight.set(l.id, Math.max(0, (g.inFlight.get(l.id) ?? 1) - 1));
}

function expireLeases(g: GroupState, now: number): void {
  for (const [lease, l] of g.leases) {
    if (now - l.at < LEASE_TTL_MS) break;
    release(g, lease);
  }
}

const NONE_COOLED: CooledDown[] = [];

/**
 * Apply attempt outcomes: release leases, count tokens, latency samples, failures and cooldowns.
 * `countLocal`: the store counts the request of an attempt picked from an isolate's copy (that
 * copy counted it when it picked). Returns the deployments the outcomes cooled down.
 */
export function applyEvents(
  g: GroupState,
  policy: GroupPolicy,
  events: readonly OutcomeEvent[],
  now: number,
  opts: { countLocal?: boolean } = {},
): CooledDown[] {
  let cooled = NONE_COOLED;
  for (const ev of events) {
    release(g, ev.lease);
    if (ev.result === "cancelled") continue;
    const d = stateOf(g, ev.id);
    g.dirty.add(ev.id);
    if (ev.local && opts.countLocal) d.requests = add(prune(d.requests, now), now, 1);
    if (ev.result === "success") {
      d.successes++;
      if (ev.tokens > 0) d.tokens = add(prune(d.tokens, now), now, ev.tokens);
      if (ev.latencyMs !== undefined) addSample(d.latency, now, ev.latencyMs / Math.max(1, ev.completionTokens));
      if (ev.stream && ev.ttftMs !== undefined) addSample(d.ttft, now, ev.ttftMs);
      continue;
    }
    d.failed++;
    if (!ev.error) continue;
    d.lastError = { kind: ev.error.kind, status: ev.error.status, at: now };
    if (ev.error.kind === "TimeoutError") {
      addSample(d.latency, now, TIMEOUT_PENALTY_MS);
      if (ev.stream) addSample(d.ttft, now, TIMEOUT_PENALTY_MS);
    }
    const spec = policy.candidates.find((c) => c.id === ev.id);
    const cools = recordFailure(d, ev.error, {
      policy: policy.cooldown,
      deploymentCooldownMs: spec?.cooldownMs,
      groupSize: policy.candidates.length,
      now,
    });
    if (!cools) continue;
    if (cooled === NONE_COOLED) cooled = [];
    cooled.push({ id: ev.id, failure: ev.error, until: d.cooldownUntil, ...(ev.local ? { local: true } : {}) });
  }
  return cooled;
}

function viewsOf(g: GroupState, policy: GroupPolicy, stream: boolean, now: number): CandidateView[] {
  return policy.candidates.map((spec) => {
    const d = g.deployments.get(spec.id);
    if (!d)
      return { spec, inFlight: g.inFlight.get(spec.id) ?? 0, requests: 0, tokens: 0, coolingUntil: 0, limitedUntil: 0 };
    const use = usageNow(d, now);
    const latency =
      (stream ? meanOf(d.ttft, now, policy.latencyTtlMs) : undefined) ?? meanOf(d.latency, now, policy.latencyTtlMs);
    return {
      spec,
      inFlight: g.inFlight.get(spec.id) ?? 0,
      requests: use.requests,
      tokens: use.tokens,
      latencyMs: latency,
      coolingUntil: isCooling(d, now) ? d.cooldownUntil : 0,
      limitedUntil: limitedUntil(spec, d, now),
    };
  });
}

/** Requests and tokens used in the last minute. */
function usageNow(d: DeploymentState, now: number): { requests: number; tokens: number } {
  d.requests = prune(d.requests, now);
  d.tokens = prune(d.tokens, now);
  return { requests: total(d.requests), tokens: total(d.tokens) };
}

/** When a deployment at its rpm or tpm gets room again (0 = it has room now). */
function limitedUntil(spec: CandidateSpec, d: DeploymentState, now: number): number {
  let wait = 0;
  if (spec.rpm !== undefined) wait = Math.max(wait, msUntilAtMost(d.requests, now, spec.rpm - 1));
  if (spec.tpm !== undefined) wait = Math.max(wait, msUntilAtMost(d.tokens, now, spec.tpm - 1));
  return wait > 0 ? now + wait : 0;
}

/** One routing decision: apply earlier outcomes, choose, and take a lease (in flight + one request this minute). */
export function pickDeployment(
  g: GroupState,
  req: PickRequest,
  ctx: { now: number; random: () => number },
): PickResult {
  const { now } = ctx;
  expireLeases(g, now);
  const cooled = applyEvents(g, req.policy, req.events, now);
  const sel = selectDeployment({
    views: viewsOf(g, req.policy, req.stream, now),
    strategy: req.policy.strategy,
    avoid: new Set(req.avoid),
    exclude: new Set(req.exclude),
    now,
    random: ctx.random,
    latencyBuffer: req.policy.latencyBuffer,
  });
  const withCooled = cooled.length ? { cooled } : undefined;
  if (!sel.ok) return withCooled ? { ...sel, ...withCooled } : sel;
  const id = sel.view.spec.id;
  const lease = String(++g.seq);
  g.leases.set(lease, { id, at: now });
  g.inFlight.set(id, (g.inFlight.get(id) ?? 0) + 1);
  countRequest(g, id, now);
  return { ok: true, id, lease, repeat: sel.repeat, ...withCooled };
}

/** The group's numbers as plain data (leases and in-flight counts stay with the store). */
export function snapshotOf(g: GroupState): GroupSnapshot {
  return { deployments: [...g.deployments.values()] };
}

/** A group state built from a snapshot (an isolate's copy). */
export function groupFromSnapshot(s: GroupSnapshot): GroupState {
  const g = newGroupState();
  for (const d of s.deployments) g.deployments.set(d.id, d);
  return g;
}

/** Live numbers for each listed deployment (no secrets: the state holds none). */
export function inspectGroup(
  g: GroupState,
  ids: readonly string[],
  now: number,
  latencyTtlMs: number,
): DeploymentLiveState[] {
  expireLeases(g, now);
  return ids.map((id) => {
    const d = g.deployments.get(id) ?? newDeploymentState(id);
    const use = usageNow(d, now);
    const cooling = isCooling(d, now);
    const lat = meanOf(d.latency, now, latencyTtlMs);
    const ttft = meanOf(d.ttft, now, latencyTtlMs);
    return {
      id,
      in_flight: g.inFlight.get(id) ?? 0,
      rpm_used: use.requests,
      tpm_used: use.tokens,
      cooling_down: cooling,
      cooldown_remaining_ms: cooling ? d.cooldownUntil - now : 0,
      cooldown_reason: cooling ? d.cooldownReason : null,
      failures_last_minute: d.failures.filter((t) => now - t < FAILURE_WINDOW_MS).length,
      successes: d.successes,
      failures: d.failed,
      avg_latency_ms_per_token: lat === undefined ? null : Math.round(lat * 100) / 100,
      avg_ttft_ms: ttft === undefined ? null : Math.round(ttft),
      last_error: d.lastError,
    };
  });
}
