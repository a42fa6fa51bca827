import { DurableObject } from "cloudflare:workers";
import {
  applyEvents,
  inspectGroup,
  newGroupState,
  pickDeployment,
  snapshotOf,
  type DeploymentState,
  type GroupState,
} from "../src/routing/group-state.js";
import { DeploymentRow } from "../src/routing/router-row.js";
import type {
  CooledDown,
  DeploymentLiveState,
  GroupSnapshot,
  PickRequest,
  PickResult,
  ReportRequest,
} from "../src/routing/router-types.js";

const SCHEMA = `CREATE TABLE IF NOT EXISTS deployment_state (
  id TEXT PRIMARY KEY,
  requests TEXT NOT NULL,
  tokens TEXT NOT NULL,
  cooldown_until INTEGER NOT NULL,
  cooldown_reason TEXT,
  failures TEXT NOT NULL,
  latency TEXT NOT NULL,
  ttft TEXT NOT NULL,
  successes INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  last_error TEXT
)`;

const UPSERT = `INSERT INTO deployment_state
  (id, requests, tokens, cooldown_until, cooldown_reason, failures, latency, ttft, successes, failed, last_error)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT(id) DO UPDATE SET requests = excluded.requests, tokens = excluded.tokens,
    cooldown_until = excluded.cooldown_until, cooldown_reason = excluded.cooldown_reason, failures = excluded.failures,
    latency = excluded.latency, ttft = excluded.ttft, successes = excluded.successes, failed = excluded.failed,
    last_error = excluded.last_error`;

/**
 * Routing state of one model group (named by the group): a thin RPC shell over
 * src/routing/group-state.ts. State lives in memory for speed and is written to SQLite when
 * outcomes change it; in-flight leases are memory-only (they die with the requests they count).
 * A `pick` without outcomes writes nothing, so its reply is not held for a storage write; changes
 * are written at most once a second.
 */
const PERSIST_EVERY_MS = 1000;

export class RouterStateObject extends DurableObject {
  private readonly group: GroupState = newGroupState();
  private lastPersist = 0;
  private persistTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    sql.exec(SCHEMA);
    for (const raw of sql.exec("SELECT * FROM deployment_state").toArray()) {
      const row = DeploymentRow.safeParse(raw);
      if (!row.success) continue; // a corrupt row is dropped: routing state is advisory
      const r = row.data;
      this.group.deployments.set(r.id, {
        id: r.id,
        requests: r.requests,
        tokens: r.tokens,
        cooldownUntil: r.cooldown_until,
        cooldownReason: r.cooldown_reason,
        failures: r.failures,
        latency: r.latency,
        ttft: r.ttft,
        successes: r.successes,
        failed: r.failed,
        lastError: r.last_error,
      });
    }
  }

  pick(req: PickRequest): PickResult {
    const result = pickDeployment(this.group, req, { now: Date.now(), random: Math.random });
    if (req.events.length) this.persist();
    return result;
  }

  /** Outcomes; returns the cooldowns they started that no isolate's copy reported already. */
  report(req: ReportRequest): CooledDown[] {
    const cooled = applyEvents(this.group, req.policy, req.events, Date.now(), { countLocal: true });
    this.persist();
    return cooled.filter((c) => !c.local);
  }

  /** Outcomes first, then the group's numbers for an isolate's copy. */
  snapshot(req: ReportRequest): GroupSnapshot {
    if (req.events.length) {
      applyEvents(this.group, req.policy, req.events, Date.now(), { countLocal: true });
      this.persist();
    }
    return snapshotOf(this.group);
  }

  inspect(ids: string[], latencyTtlMs: number): DeploymentLiveState[] {
    return inspectGroup(this.group, ids, Date.now(), latencyTtlMs);
  }

  /**
   * Write changed deployments at most once per PERSIST_EVERY_MS. Every write holds the replies sent
   * while it commits (output gate); routing state is advisory, so under load it is written once a
   * second instead of with every pick, and a restart loses at most that second of statistics.
   */
  private persist(): void {
    if (this.persistTimer !== undefined) return;
    const wait = this.lastPersist + PERSIST_EVERY_MS - Date.now();
    if (wait <= 0) {
      this.writeDirty();
      return;
    }
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      this.writeDirty();
    }, wait);
  }

  private writeDirty(): void {
    this.lastPersist = Date.now();
    const sql = this.ctx.storage.sql;
    for (const id of this.group.dirty) {
      const d: DeploymentState | undefined = this.group.deployments.get(id);
      if (!d) continue;
      sql.exec(
        UPSERT,
        d.id,
        JSON.stringify(d.requests),
        JSON.stringify(d.tokens),
        d.cooldownUntil,
        d.cooldownReason,
        JSON.stringify(d.failures),
        JSON.stringify(d.latency),
        JSON.stringify(d.ttft),
        d.successes,
        d.failed,
        d.lastError ? JSON.stringify(d.lastError) : null,
      );
    }
    this.group.dirty.clear();
  }
}
