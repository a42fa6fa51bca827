import { applyEvents, inspectGroup, newGroupState, pickDeployment, type GroupState } from "./group-state.js";
import type { RouterStatePort } from "./router-types.js";
import type { CooledDown, DeploymentLiveState, PickRequest, PickResult, ReportRequest } from "./router-types.js";

/** Routing state in a Map (library, unit tests, and a Worker without the ROUTER_STATE binding). */
export class MemoryRouterState implements RouterStatePort {
  private readonly groups = new Map<string, GroupState>();

  constructor(
    private readonly clock: { now: () => number; random: () => number } = {
      now: () => Date.now(),
      random: Math.random,
    },
  ) {}

  private group(name: string): GroupState {
    let g = this.groups.get(name);
    if (!g) {
      g = newGroupState();
      this.groups.set(name, g);
    }
    return g;
  }

  async pick(group: string, req: PickRequest): Promise<PickResult> {
    const g = this.group(group);
    const r = pickDeployment(g, req, { now: this.clock.now(), random: this.clock.random });
    g.dirty.clear();
    return r;
  }

  async report(group: string, req: ReportRequest): Promise<CooledDown[]> {
    const g = this.group(group);
    const cooled = applyEvents(g, req.policy, req.events, this.clock.now(), { countLocal: true });
    g.dirty.clear();
    return cooled.filter((c) => !c.local);
  }

  async inspect(group: string, ids: string[], latencyTtlMs: number): Promise<DeploymentLiveState[]> {
    return inspectGroup(this.group(group), ids, this.clock.now(), latencyTtlMs);
  }
}
