import type { RouterStateObject } from "../../../durable-objects/router-state.js";
import type { RouterStatePort } from "../../routing/router-types.js";
import type {
  CooledDown,
  DeploymentLiveState,
  GroupSnapshot,
  PickRequest,
  PickResult,
  ReportRequest,
} from "../../routing/router-types.js";

/** Durable Object ids by group name, computed once per isolate. */
const ids = new Map<string, DurableObjectId>();

/** Routing state in one RouterStateObject per model group (RPC; one round trip per call). */
export class DurableRouterState implements RouterStatePort {
  constructor(private readonly ns: DurableObjectNamespace<RouterStateObject>) {}

  private stub(group: string): DurableObjectStub<RouterStateObject> {
    let id = ids.get(group);
    if (!id) {
      id = this.ns.idFromName(group);
      if (ids.size < 10_000) ids.set(group, id);
    }
    return this.ns.get(id);
  }

  async pick(group: string, req: PickRequest): Promise<PickResult> {
    return (await this.stub(group).pick(req)) as PickResult;
  }

  async snapshot(group: string, req: ReportRequest): Promise<GroupSnapshot> {
    return (await this.stub(group).snapshot(req)) as unknown as GroupSnapshot;
  }

  async report(group: string, req: ReportRequest): Promise<CooledDown[]> {
    return (await this.stub(group).report(req)) as CooledDown[];
  }

  async inspect(group: string, list: string[], latencyTtlMs: number): Promise<DeploymentLiveState[]> {
    return (await this.stub(group).inspect(list, latencyTtlMs)) as DeploymentLiveState[];
  }
}
