import type { Context, Hono } from "hono";
import { parseBody, parseQuery } from "./validate.js";
import {
  CacheDeleteRequest,
  CacheFlushRequest,
  CacheStatsQuery,
  cacheDelete,
  cacheFlush,
  cachePing,
  cacheStats,
  requireCache,
} from "./cache.js";
import { cacheRuntimeOf } from "../cache/cache-runtime.js";
import type { AppEnv } from "../http/app-env.js";
import { authenticate, requireMaster } from "../http/authenticate.js";
import { readBody } from "../http/read-body.js";

type Handler = (c: Context<AppEnv>) => Promise<object>;

/** Cache routes are management routes: the master key only (a virtual key gets 401). */
function masterOnly(handler: Handler) {
  return async (c: Context<AppEnv>) => {
    requireMaster(await authenticate(c.var.deps, c.req.raw.headers));
    return c.json(await handler(c));
  };
}

const body = async (c: Context<AppEnv>) => readBody(c.req.raw, c.var.deps.config.maxRequestBytes);
const cache = (c: Context<AppEnv>) => requireCache(cacheRuntimeOf(c.var.deps));

/** The response cache's administration (src/admin/cache.ts). */
export function cacheRoutes(app: Hono<AppEnv>): void {
  app.get(
    "/cache/ping",
    masterOnly(async (c) => cachePing(cache(c))),
  );
  app.post(
    "/cache/delete",
    masterOnly(async (c) => cacheDelete(cache(c), parseBody(CacheDeleteRequest, await body(c)))),
  );
  app.post(
    "/cache/flush",
    masterOnly(async (c) => cacheFlush(cache(c), parseBody(CacheFlushRequest, await body(c)))),
  );
  app.get(
    "/cache/stats",
    masterOnly(async (c) => cacheStats(c.var.deps.state.cacheStats, parseQuery(CacheStatsQuery, new URL(c.req.url)))),
  );
}
