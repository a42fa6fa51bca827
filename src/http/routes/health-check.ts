import type { Context, Hono } from "hono";
import { healthCheck } from "../../pipeline/health-check.js";
import { authenticate, requireMaster } from "../authenticate.js";
import type { AppEnv } from "../app-env.js";

/** GET /health (master key): a minimal real call to each deployment; `?model=` checks one model group. */
export function healthCheckRoutes(app: Hono<AppEnv>): void {
  app.get("/health", async (c: Context<AppEnv>) => {
    const { deps } = c.var;
    requireMaster(await authenticate(deps, c.req.raw.headers));
    const model = c.req.query("model") || undefined;
    return c.json(await healthCheck(deps, { model, signal: c.req.raw.signal }));
  });
}
