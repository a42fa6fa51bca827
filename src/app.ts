import { Hono } from "hono";
import { adminRoutes } from "./admin/routes.js";
import type { Deps } from "./deps.js";
import { NotFoundError } from "./errors/gateway-error.js";
import type { AppEnv } from "./http/app-env.js";
import { renderError } from "./http/on-error.js";
import { chatRoutes } from "./http/routes/chat.js";
import { healthRoutes } from "./http/routes/health.js";
import { healthCheckRoutes } from "./http/routes/health-check.js";
import { modelInfoRoutes } from "./http/routes/model-info.js";
import { modelRoutes } from "./http/routes/models.js";
import type { Router } from "./routing/router.js";

export type RequestScope = { deps: Deps; router: Router };

/**
 * The HTTP app: routes in pipeline order, one error renderer. `scope` supplies the per-request
 * dependencies (the Worker shell binds them to env and ctx; the library binds them to memory).
 * Hono's executionCtx is not used: reading it throws (costly) where there is none.
 */
export function createApp(scope: (raw: Request, host: unknown) => RequestScope): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", async (c, next) => {
    // `host` is what the shell passed to app.fetch as Hono's env (the Worker passes { env, ctx }).
    const s = scope(c.req.raw, c.env);
    c.set("deps", s.deps);
    c.set("router", s.router);
    c.set("requestId", c.req.header("x-request-id")?.slice(0, 128) || s.deps.id("chatcmpl"));
    await next();
  });
  healthRoutes(app);
  chatRoutes(app);
  modelRoutes(app);
  modelInfoRoutes(app);
  healthCheckRoutes(app);
  adminRoutes(app);
  app.notFound((c) => renderError(new NotFoundError(`no route for ${c.req.method} ${new URL(c.req.url).pathname}`, { code: "route_not_found" }), c.var.deps?.log ?? console, c.var.requestId));
  app.onError((e, c) => renderError(e, c.var.deps?.log ?? consoleFallback, c.var.requestId));
  return app;
}

const consoleFallback = {
  info: (m: string) => console.log(m),
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
};
