import type { Hono } from "hono";
import type { AppEnv } from "../app-env.js";

/**
 * GET /routes: every route the gateway serves, as LiteLLM lists them ({path, methods, name}).
 * Public, as in LiteLLM: it names paths only, nothing about keys, models or config.
 */
export function routesListRoute(app: Hono<AppEnv>): void {
  app.get("/routes", (c) => {
    const byPath = new Map<string, Set<string>>();
    for (const r of app.routes) {
      if (r.method === "ALL") continue;
      const path = r.path.replace(/:(\w+)/g, "{$1}");
      byPath.set(path, (byPath.get(path) ?? new Set()).add(r.method));
    }
    const routes = [...byPath].map(([path, methods]) => ({
      path,
      methods: [...methods],
      name:
        path
          .replace(/^\//, "")
          .replace(/[/{}]+/g, "_")
          .replace(/_$/, "") || "root",
    }));
    return c.json({ routes });
  });
}
