import type { Context, Hono } from "hono";
import { ServiceUnavailableError } from "../../errors/gateway-error.js";
import { renderPrometheus } from "../../observability/metrics/render-prometheus.js";
import { settingsOf } from "../../observability/settings.js";
import type { AppEnv } from "../app-env.js";
import { authenticate, requireMaster, safeEqual, tokenFrom } from "../authenticate.js";

/**
 * GET /metrics: Prometheus text format, for the master key or `general_settings.metrics_key`.
 * Reads the summed series from the metrics Durable Object (one call; no work per request logged).
 */
export function metricsRoutes(app: Hono<AppEnv>): void {
  app.get("/metrics", async (c: Context<AppEnv>) => {
    const { deps } = c.var;
    const headers = c.req.raw.headers;
    const scrapeKey = settingsOf(deps.config.raw).metricsKey;
    const token = tokenFrom(headers);
    if (!(scrapeKey && token && safeEqual(token, scrapeKey))) requireMaster(await authenticate(deps, headers));
    const store = deps.state.observability?.metrics;
    if (!store)
      throw new ServiceUnavailableError("metrics need the METRICS Durable Object binding (wrangler.toml)", {
        code: "metrics_unavailable",
      });
    return new Response(renderPrometheus(await store.snapshot()), {
      headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" },
    });
  });
}
