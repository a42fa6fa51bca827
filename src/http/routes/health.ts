import type { Hono } from "hono";
import type { AppEnv } from "../app-env.js";

declare const SWITCHYARD_VERSION: string | undefined;

const version = () => (typeof SWITCHYARD_VERSION === "string" ? SWITCHYARD_VERSION : "dev");

/**
 * Unauthenticated liveness and readiness probes (public in LiteLLM too). Readiness has LiteLLM's
 * fields: `status` "healthy", `db` "connected" when the database answers (one small read), "Not
 * connected" when none is configured; a configured database that does not answer is a 503 with
 * `db` "disconnected", so orchestrators take the instance out of rotation.
 */
export function healthRoutes(app: Hono<AppEnv>): void {
  const alive = () => new Response(JSON.stringify("I'm alive!"), { headers: { "content-type": "application/json" } });
  app.get("/health/liveliness", alive);
  app.get("/health/liveness", alive);
  app.get("/health/readiness", async (c) => {
    const { deps } = c.var;
    const store = deps.state.admin;
    let db = "Not connected";
    if (store) {
      try {
        await store.models.version();
        db = "connected";
      } catch (e) {
        deps.log.warn("readiness: the database did not answer", { error: e instanceof Error ? e.message : String(e) });
        db = "disconnected";
      }
    }
    const callbacks = deps.config.raw.litellm_settings.success_callback;
    return c.json(
      {
        status: "healthy",
        db,
        cache: null,
        litellm_version: version(),
        success_callbacks: Array.isArray(callbacks) ? callbacks : [],
        last_updated: new Date(deps.now()).toISOString(),
        models: deps.config.deployments.length,
        version: version(),
      },
      db === "disconnected" ? 503 : 200,
    );
  });
}
