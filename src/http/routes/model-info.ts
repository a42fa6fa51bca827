import type { Context, Hono } from "hono";
import { modelInfo } from "../../pipeline/model-info.js";
import { authenticate } from "../authenticate.js";
import type { AppEnv } from "../app-env.js";

/** GET /v1/model/info: the deployments the caller may use, without secrets, with live routing state. */
export function modelInfoRoutes(app: Hono<AppEnv>): void {
  const handler = async (c: Context<AppEnv>) => {
    const { deps } = c.var;
    const principal = await authenticate(deps, c.req.raw.headers);
    return c.json(await modelInfo(deps, principal));
  };
  app.get("/v1/model/info", handler);
  app.get("/model/info", handler);
}
