import type { Hono } from "hono";
import type { AppEnv } from "../app-env.js";

declare const SWITCHYARD_VERSION: string | undefined;

const version = () => (typeof SWITCHYARD_VERSION === "string" ? SWITCHYARD_VERSION : "dev");

/**
 * Unauthenticated liveness and readiness probes (public in LiteLLM too). Readiness is ready once
 * every binding is usable (D1 migrated, Durable Objects answering), with LiteLLM's fields: `db`
 * "connected", "Not connected" when none is configured, "disconnected" when it is not usable; a
 * binding that is not ready makes it a 503 naming it (`bindings`), so orchestrators wait.
 */
export function healthRoutes(app: Hono<AppEnv>): void {
  const alive = () => new Response(JSON.stringify("I'm alive!"), { headers: { "content-type": "application/json" } });
  app.get("/health/liveliness", alive);
  app.get("/health/liveness", alive);
  app.get("/health/readiness", async (c) => {
    const { deps } = c.var;
    const r = (await deps.state.readiness?.()) ?? { ready: true, checks: {} };
    const dbCheck = r.checks.DB;
    const db = !deps.state.admin
      ? "Not connected"
      : dbCheck === undefined || dbCheck === "ok"
        ? "connected"
        : "disconnected";
    const callbacks = deps.config.raw.litellm_settings.success_callback;
    return c.json(
      {
        status: r.ready ? "healthy" : "unhealthy",
        db,
        cache: null,
        litellm_version: version(),
        success_callbacks: Array.isArray(callbacks) ? callbacks : [],
        last_updated: new Date(deps.now()).toISOString(),
        models: deps.config.deployments.length,
        version: version(),
        bindings: r.checks,
      },
      r.ready ? 200 : 503,
    );
  });
}
