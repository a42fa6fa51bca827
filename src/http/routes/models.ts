import type { Hono, Context } from "hono";
import type { ModelList } from "../../openai/models.js";
import { listedModels } from "../../routing/resolve-model.js";
import { authenticate } from "../authenticate.js";
import { modelAllowed } from "../../access/model-access.js";
import type { AppEnv } from "../app-env.js";

export function modelRoutes(app: Hono<AppEnv>): void {
  const handler = async (c: Context<AppEnv>) => {
    const { deps } = c.var;
    const principal = await authenticate(deps, c.req.raw.headers);
    const created = Math.floor(deps.now() / 1000);
    const names = listedModels(deps.config).filter((m) => modelAllowed(principal, m));
    if (principal.kind === "virtual") {
      for (const [a, target] of Object.entries(principal.aliases))
        if (!names.includes(a) && modelAllowed(principal, target)) names.push(a);
    }
    const body: ModelList = {
      object: "list",
      data: names.map((id) => ({ id, object: "model", created, owned_by: "switchyard" })),
    };
    return c.json(body);
  };
  app.get("/v1/models", handler);
  app.get("/models", handler);
}
