import { Hono } from "hono";
import { adminRoutes } from "./admin/routes.js";
import { cacheRoutes } from "./admin/cache-routes.js";
import type { Deps } from "./deps.js";
import { NotFoundError } from "./errors/gateway-error.js";
import type { AppEnv, RequestIds } from "./http/app-env.js";
import { renderError } from "./http/on-error.js";
import { CHAT_PATHS, chatRoutes } from "./http/routes/chat.js";
import { audioRoutes } from "./http/routes/audio.js";
import { completionsRoutes } from "./http/routes/completions.js";
import { EMBEDDINGS_PATHS, embeddingsRoutes } from "./http/routes/embeddings.js";
import { imageRoutes } from "./http/routes/images.js";
import { moderationRoutes } from "./http/routes/moderations.js";
import { rerankRoutes } from "./http/routes/rerank.js";
import { messagesRoutes, serveMessages } from "./http/routes/messages.js";
import { responsesRoutes } from "./http/routes/responses.js";
import { handleOperation } from "./http/routes/operation.js";
import { chatOperation } from "./pipeline/operations/chat.js";
import { embeddingsOperation } from "./pipeline/operations/embeddings.js";
import type { GatewayRequest, Operation } from "./pipeline/operation.js";
import { healthRoutes } from "./http/routes/health.js";
import { healthCheckRoutes } from "./http/routes/health-check.js";
import { modelInfoRoutes } from "./admin/model-info-routes.js";
import { modelRoutes } from "./http/routes/models.js";
import { metricsRoutes } from "./http/routes/metrics.js";
import { routesListRoute } from "./http/routes/routes-list.js";
import { uiSessionRoutes } from "./dashboard/session-routes.js";
import type { Router } from "./routing/router.js";

export type RequestScope = { deps: Deps; router: Router };

/** Per-request dependencies: at once, or (the first request of an isolate with runtime models) once they load. */
export type ScopeFn = (raw: Request, host: unknown) => RequestScope | Promise<RequestScope>;

/**
 * The HTTP app: routes in pipeline order, one error renderer. `scope` supplies the per-request
 * dependencies (the Worker shell binds them to env and ctx; the library binds them to memory).
 * Hono's executionCtx is not used: reading it throws (costly) where there is none.
 */
export function createApp(scope: ScopeFn): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", async (c, next) => {
    // `host` is what the shell passed to app.fetch as Hono's env (the Worker passes { env, ctx }).
    const s = await scope(c.req.raw, c.env);
    c.set("deps", s.deps);
    c.set("router", s.router);
    const ids = requestIdsOf(c.req.raw, s.deps);
    c.set("ids", ids);
    c.set("requestId", ids.requestId);
    await next();
  });
  healthRoutes(app);
  chatRoutes(app);
  embeddingsRoutes(app);
  imageRoutes(app);
  audioRoutes(app);
  completionsRoutes(app);
  moderationRoutes(app);
  rerankRoutes(app);
  messagesRoutes(app); // before modelRoutes: it answers GET /v1/models for Anthropic clients
  responsesRoutes(app);
  modelRoutes(app);
  modelInfoRoutes(app);
  healthCheckRoutes(app);
  metricsRoutes(app);
  adminRoutes(app);
  routesListRoute(app);
  cacheRoutes(app);
  uiSessionRoutes(app);
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

/**
 * The gateway's own id for a request, and the client's x-request-id (up to 128 characters) as
 * metadata: a client's id never keys a record, so reusing one hides or pre-empts nothing.
 */
function requestIdsOf(req: Request, deps: Deps): RequestIds {
  const client = req.headers.get("x-request-id")?.slice(0, 128);
  return client ? { requestId: deps.id("chatcmpl"), clientRequestId: client } : { requestId: deps.id("chatcmpl") };
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

type HotHandler = (req: Request, s: RequestScope, ids: RequestIds) => Promise<Response>;

/** An operation served as its route through the app would serve it (same handler, same error rendering). */
function operationHandler<Req extends GatewayRequest, Out>(op: Operation<Req, Out>): HotHandler {
  return (req, s, ids) =>
    handleOperation({ deps: s.deps, router: s.router, op, req, ids }).catch((e: unknown) =>
      renderError(e, s.deps.log, ids.requestId),
    );
}

/** POST paths of the hot operations, dispatched without the app's router. */
const HOT_ROUTES: ReadonlyMap<string, HotHandler> = new Map([
  ...[...CHAT_PATHS].map((p): [string, HotHandler] => [p, operationHandler(chatOperation)]),
  ...[...EMBEDDINGS_PATHS].map((p): [string, HotHandler] => [p, operationHandler(embeddingsOperation)]),
  ["/v1/messages", (req, s, ids) => serveMessages(req, { deps: s.deps, router: s.router, ids })],
]);

/**
 * The app as a fetch handler. Chat completions, embeddings and Messages, the hot paths, go straight to
 * their handler (same handler, same error rendering as through the app); every other request goes
 * through the app.
 */
export function createHandler(scope: ScopeFn): FetchHandler {
  const app = createApp(scope);
  const hot = (handler: HotHandler, req: Request, s: RequestScope): Promise<Response> =>
    handler(req, s, requestIdsOf(req, s.deps));
  return (req, host) => {
    const handler = req.method === "POST" ? HOT_ROUTES.get(pathOf(req.url)) : undefined;
    if (!handler) return app.fetch(req, host);
    let s: RequestScope | Promise<RequestScope>;
    try {
      s = scope(req, host);
    } catch (e) {
      return renderError(e, consoleFallback); // as the app's error handler does when its first middleware throws
    }
    if (s instanceof Promise)
      return s.then(
        (ready) => hot(handler, req, ready),
        (e: unknown) => renderError(e, consoleFallback),
      );
    return hot(handler, req, s);
  };
}

const consoleFallback = {
  info: (m: string) => console.log(m),
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
};
