import type { Context, Hono } from "hono";
import { catalogAccess, groupInfo, runtimeEntry, runtimeRecords, type CatalogEntry } from "./model-catalog.js";
import { ModelGroupInfoQuery, ModelInfoQuery } from "./model-schemas.js";
import { parseQuery } from "./validate.js";
import { modelInfo, type ModelInfoEntry } from "../pipeline/model-info.js";
import { authenticate } from "../http/authenticate.js";
import { modelAllowed } from "../access/model-access.js";
import type { AppEnv } from "../http/app-env.js";

/**
 * GET /model/info (/v1, /v2): the deployments the caller may use, config.yaml's and the runtime
 * ones, without secrets, with live routing state; GET /model_group/info: one summary per group.
 * Any valid key may call them; each sees only what its models allow.
 */
export function modelInfoRoutes(app: Hono<AppEnv>): void {
  const visible = async (c: Context<AppEnv>) => {
    const { deps } = c.var;
    const principal = await authenticate(deps, c.req.raw.headers);
    const runtime = (await runtimeRecords(deps)).map(runtimeEntry);
    const access = catalogAccess(deps, runtime);
    const allowed = (group: string) => modelAllowed(principal, group, access);
    return { deps, runtime: runtime.filter((e) => allowed(e.modelName)), allowed };
  };
  const info = async (c: Context<AppEnv>) => {
    const { deps, runtime, allowed } = await visible(c);
    // every config deployment with its live state, then the caller's filter (which knows access groups)
    const fromConfig = (await modelInfo(deps, { kind: "master" })).data
      .filter((e) => allowed(e.model_name) && e.model_info.db_model !== true)
      .map((e): ModelInfoEntry => ({ ...e, model_info: { ...e.model_info, db_model: false } }));
    const id = parseQuery(ModelInfoQuery, new URL(c.req.url)).litellm_model_id;
    const data = [...fromConfig, ...runtime.map(entryOf)].filter((e) => !id || e.model_info.id === id);
    return { data, total_count: data.length };
  };
  const v1 = async (c: Context<AppEnv>) => {
    const { data } = await info(c);
    return c.json({ data });
  };
  app.get("/v1/model/info", v1);
  app.get("/model/info", v1);
  app.get("/v2/model/info", async (c) => c.json(await info(c)));
  app.get("/model_group/info", async (c) => {
    const { deps, runtime, allowed } = await visible(c);
    const wanted = parseQuery(ModelGroupInfoQuery, new URL(c.req.url)).model_group;
    const groups = new Map<string, CatalogEntry[]>();
    const add = (e: CatalogEntry) => groups.set(e.modelName, [...(groups.get(e.modelName) ?? []), e]);
    for (const d of deps.config.deployments)
      if (allowed(d.modelName) && d.modelInfo.db_model !== true)
        add({
          id: d.id,
          modelName: d.modelName,
          provider: d.provider,
          model: d.model,
          params: {
            tpm: d.params.tpm,
            rpm: d.params.rpm,
            input_cost_per_token: d.params.input_cost_per_token,
            output_cost_per_token: d.params.output_cost_per_token,
          },
          modelInfo: d.modelInfo,
          dbModel: false,
        });
    for (const e of runtime) add(e);
    const data = [...groups].filter(([g]) => !wanted || g === wanted).map(([g, entries]) => groupInfo(g, entries));
    return c.json({ data });
  });
}

function entryOf(e: CatalogEntry): ModelInfoEntry {
  return {
    model_name: e.modelName,
    litellm_params: e.params,
    model_info: { ...e.modelInfo, provider: e.provider, mode: e.modelInfo.mode ?? "chat" },
    state: null,
  };
}
