import type { Hono } from "hono";
import type { AppEnv } from "../app-env.js";

declare const SWITCHYARD_VERSION: string | undefined;

/** Unauthenticated liveness and readiness probes. */
export function healthRoutes(app: Hono<AppEnv>): void {
  const alive = () => new Response(JSON.stringify("I'm alive!"), { headers: { "content-type": "application/json" } });
  app.get("/health/liveliness", alive);
  app.get("/health/liveness", alive);
  // Ready once every binding is usable (D1 migrated, Durable Objects answering): 503 naming what is not.
  app.get("/health/readiness", async (c) => {
    const r = (await c.var.deps.state.readiness?.()) ?? { ready: true, checks: {} };
    return c.json(
      {
        status: r.ready ? "healthy" : "unhealthy",
        models: c.var.deps.config.deployments.length,
        version: typeof SWITCHYARD_VERSION === "string" ? SWITCHYARD_VERSION : "dev",
        bindings: r.checks,
      },
      r.ready ? 200 : 503,
    );
  });
}
