import type { Context, Hono } from "hono";
import { storedReport } from "../../jobs/background-health.js";
import { settingsOf } from "../../observability/settings.js";
import { healthCheck } from "../../pipeline/health-check.js";
import { authenticate, requireMaster } from "../authenticate.js";
import type { AppEnv } from "../app-env.js";

/**
 * GET /health (master key): a minimal real call to each deployment; `?model=` checks one model
 * group. With background_health_checks on, it answers from the latest background check instead
 * (with `last_checked_at`), until the first one has run.
 */
export function healthCheckRoutes(app: Hono<AppEnv>): void {
  app.get("/health", async (c: Context<AppEnv>) => {
    const { deps } = c.var;
    requireMaster(await authenticate(deps, c.req.raw.headers));
    const model = c.req.query("model") || undefined;
    if (settingsOf(deps.config.raw).backgroundHealthChecks) {
      const stored = await deps.state.observability?.health?.latest();
      if (stored) return c.json(storedReport(stored, model));
    }
    return c.json(await healthCheck(deps, { model, signal: c.req.raw.signal }));
  });
}
