import type { Hono } from "hono";
import type { AppEnv } from "../app-env.js";

declare const SWITCHYARD_VERSION: string | undefined;

/** Unauthenticated liveness and readiness probes. */
export function healthRoutes(app: Hono<AppEnv>): void {
  const alive = () => new Response(JSON.stringify("I'm alive!"), { headers: { "content-type": "application/json" } });
  app.get("/health/liveliness", alive);
  app.get("/health/liveness", alive);
  app.get("/health/readiness", (c) =>
    c.json({
      status: "healthy",
      models: c.var.deps.config.deployments.length,
      version: typeof SWITCHYARD_VERSION === "string" ? SWITCHYARD_VERSION : "dev",
    }),
  );
}
