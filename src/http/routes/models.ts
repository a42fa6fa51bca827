import type { Hono, Context } from "hono";
import type { ModelList } from "../../openai/models.js";
import { listedModels, resolveModel } from "../../routing/resolve-model.js";
import { displayMode } from "../../accounting/model-mode.js";
import { authenticate } from "../authenticate.js";
import { accessGroupsOf, listAllows, modelAllowed } from "../../access/model-access.js";
import type { AppEnv } from "../app-env.js";

/** A boolean query flag ("true"/"True"; anything else is false). */
const flag = (c: Context<AppEnv>, name: string) => c.req.query(name)?.toLowerCase() === "true";

/**
 * GET /v1/models as LiteLLM lists them: the groups (and visible config aliases) the caller may
 * use. A key's own `aliases` are not listed (LiteLLM does not list them either); model access
 * group names are listed with `include_model_access_groups=true`, and alone with
 * `only_model_access_groups=true` (the groups the caller may use).
 */
export function modelRoutes(app: Hono<AppEnv>): void {
  const handler = async (c: Context<AppEnv>) => {
    const { deps } = c.var;
    const principal = await authenticate(deps, c.req.raw.headers);
    const access = accessGroupsOf(deps.config);
    const onlyGroups = flag(c, "only_model_access_groups");
    const withGroups = onlyGroups || flag(c, "include_model_access_groups");
    const groupAllowed = (g: string) =>
      principal.kind === "master" ||
      (principal.allowLists ?? [principal.models]).every((l) => l.length === 0 || listAllows(l, g));
    const names = onlyGroups ? [] : listedModels(deps.config).filter((m) => modelAllowed(principal, m, access));
    if (withGroups) names.push(...access.names.filter(groupAllowed));
    const created = Math.floor(deps.now() / 1000);
    const body: ModelList = {
      object: "list",
      data: names.map((id) => {
        const first = resolveModel(deps.config, id)?.deployments[0];
        return { id, object: "model", created, owned_by: "switchyard", ...(first ? { mode: displayMode(first) } : {}) };
      }),
    };
    return c.json(body);
  };
  app.get("/v1/models", handler);
  app.get("/models", handler);
}
