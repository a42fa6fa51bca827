import { Hono } from "hono";
import { adminRoutes } from "./admin/routes.js";
import { cacheRoutes } from "./http/routes/cache.js";
import type { Deps } from "./deps.js";
import { NotFoundError } from "./errors/gateway-error.js";
import type { AppEnv } from "./http/app-env.js";
import { renderError } from "./http/on-error.js";
import { CHAT_PATHS, chatRoutes, handleChat } from "./http/routes/chat.js";
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
    c.set("requestId", requestIdOf(c.req.raw, s.deps));
    await next();
  });
  healthRoutes(app);
  chatRoutes(app);
  modelRoutes(app);
  modelInfoRoutes(app);
  healthCheckRoutes(app);
  adminRoutes(app);
  cacheRoutes(app);
  app.notFound((c) =>
    renderError(
      new NotFoundError(`no route for ${c.req.method} ${new URL(c.req.url).pathname}`, { code: "route_not_found" }),
      c.var.deps?.log ?? console,
      c.var.requestId,
    ),
  );
  app.onError((e, c) => renderError(e, c.var.deps?.log ?? consoleFallback, c.var.requestId));
  return app;
}

/** The client's x-request-id (up to 128 characters), else a fresh one. */
function requestIdOf(req: Request, deps: Deps): string {
  return req.headers.get("x-request-id")?.slice(0, 128) || deps.id("chatcmpl");
}

/** The path of an absolute request URL, without building a URL object. */
export function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  const q = url.indexOf("?", start);
  const h = url.indexOf("#", start);
  const end = q < 0 ? h : h < 0 ? q : Math.min(q, h);
  return end < 0 ? url.slice(start) : url.slice(start, end);
}

export type FetchHandler = (req: Request, host?: unknown) => Response | Promise<Response>;

/**
 * The app as a fetch handler. Chat completions, the hot path, go straight to their handler (same
 * handler, same error rendering as through the app); every other request goes through the app.
 */
export function createHandler(scope: (raw: Request, host: unknown) => RequestScope): FetchHandler {
  const app = createApp(scope);
  return (req, host) => {
    if (req.method !== "POST" || !CHAT_PATHS.has(pathOf(req.url))) return app.fetch(req, host);
    let s: RequestScope;
    try {
      s = scope(req, host);
    } catch (e) {
      return renderError(e, consoleFallback); // as the app's error handler does when its first middleware throws
    }
    const requestId = requestIdOf(req, s.deps);
    return handleChat(s.deps, s.router, req, requestId).catch((e: unknown) => renderError(e, s.deps.log, requestId));
  };
}

const consoleFallback = {
  info: (m: string) => console.log(m),
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
};
