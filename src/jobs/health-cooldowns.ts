import type { Deps } from "../deps.js";
import type { OperationName } from "../providers/provider.js";
import { groupPolicy, needsState } from "../routing/group-policy.js";
import { type PlannedGroup, planRoute } from "../routing/route-plan.js";
import type { RouterEvents } from "../routing/router.js";
import type { OutcomeEvent } from "../routing/router-types.js";
import type { HealthOutcome } from "./background-health.js";

/** The operation a health check calls (src/pipeline/health-check.ts): its failures say nothing about other modes. */
const CHECKED_OPERATION: OperationName = "chat";

/** The group as chat requests reach it (the same candidates, so the same routing state), if the deployment is in it. */
function plannedGroup(deps: Deps, modelName: string, deploymentId: string): PlannedGroup | undefined {
  try {
    const { primary } = planRoute(deps.config, { model: modelName, operation: CHECKED_OPERATION, overrides: {} });
    return primary.deployments.some((d) => d.id === deploymentId) ? primary : undefined;
  } catch {
    return undefined; // the group does no chat (embeddings, images): its health check is not a request's
  }
}

/**
 * Background health-check failures feed the router's cooldowns: each failed deployment is
 * reported to its group's routing state as one failed attempt with the status a request would
 * have seen, so the same rules decide (allowed_fails in a sliding minute, a 429 at once, a lone
 * deployment never). Cooldowns this starts go to `events` (metrics, cooldown alerts).
 * Returns the number of failures reported.
 */
export async function feedHealthToRouter(
  deps: Deps,
  outcomes: readonly HealthOutcome[],
  events?: RouterEvents,
): Promise<number> {
  const state = deps.state.router;
  if (!state) return 0;
  const byGroup = new Map<string, { group: PlannedGroup; events: OutcomeEvent[] }>();
  for (const o of outcomes) {
    if (o.healthy || o.status === undefined) continue;
    const group = plannedGroup(deps, o.deployment.modelName, o.deployment.deploymentId);
    if (!group || !needsState(deps.config, group.deployments)) continue;
    const entry = byGroup.get(group.name) ?? { group, events: [] };
    byGroup.set(group.name, entry);
    entry.events.push({
      id: o.deployment.deploymentId,
      result: "failure",
      stream: false,
      tokens: 0,
      completionTokens: 0,
      error: { kind: o.errorType ?? "InternalServerError", status: o.status },
    });
  }
  let reported = 0;
  await Promise.all(
    [...byGroup.values()].map(async ({ group, events: evs }) => {
      const cooled = await state.report(group.name, { policy: groupPolicy(deps.config, group), events: evs });
      reported += evs.length;
      for (const c of cooled ?? [])
        events?.deploymentCooledDown(
          group.name,
          group.deployments.find((d) => d.id === c.id),
          c,
        );
    }),
  );
  return reported;
}
