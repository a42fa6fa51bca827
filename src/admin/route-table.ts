import type { Context } from "hono";
import type { z } from "zod";
import type { Deps } from "../deps.js";
import { AuthenticationError, InternalServerError } from "../errors/gateway-error.js";
import type { AppEnv } from "../http/app-env.js";
import { authenticate } from "../http/authenticate.js";
import { readBody } from "../http/read-body.js";
import { type Actor, actorLabel, actorOf, isProxyAdmin, seesAll } from "./actor.js";
import type { AuditChange } from "./audited-store.js";
import { type AdminContext, adminContext } from "./context.js";
import { randomId } from "./key-material.js";
import type { AdminStore } from "./store.js";
import { parseBody, parseQuery } from "./validate.js";

/**
 * Who may call a management route at all (LiteLLM's roles). `self_service` routes are open to
 * every key; their handlers narrow what a caller who is not a proxy admin may reach to their own
 * key, user and teams (src/admin/access.ts).
 */
export type RouteRule = "proxy_admin" | "admin_viewer" | "self_service";

export interface RouteDef {
  method: "GET" | "POST";
  /** Hono path; `:key` style parameters. */
  path: string;
  rule: RouteRule;
  run: (ctx: AdminContext, c: Context<AppEnv>) => Promise<unknown>;
}

export const body = async <S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.infer<S>> =>
  parseBody(schema, await readBody(c.req.raw, c.var.deps.config.maxRequestBytes));
export const query = <S extends z.ZodType>(c: Context<AppEnv>, schema: S): z.infer<S> =>
  parseQuery(schema, new URL(c.req.url));

function allowed(rule: RouteRule, a: Actor): boolean {
  switch (rule) {
    case "proxy_admin":
      return isProxyAdmin(a);
    case "admin_viewer":
      return seesAll(a);
    case "self_service":
      return true;
  }
}

/** The path as the audit log names it (parameters shown as {name}, never their values: one may be a key). */
const actionOf = (path: string) => path.replace(/:(\w+)/g, "{$1}");

async function writeAudit(deps: Deps, opts: { store: AdminStore; actor: Actor; path: string; changes: AuditChange[] }) {
  const now = deps.now();
  const { actor } = opts;
  try {
    await opts.store.audit.insert(
      opts.changes.map((ch) => ({
        id: randomId("audit_"),
        created_at: now,
        actor: actor.id,
        actor_alias: actor.alias,
        actor_role: actor.role,
        action: actionOf(opts.path),
        ...ch,
      })),
    );
  } catch (e) {
    deps.log.error("writing the audit log failed", {
      action: actionOf(opts.path),
      changes: opts.changes.length,
      error: String(e),
    });
  }
}

/** One management route: authenticate, check the route's rule, run, and audit what the call changed. */
export function handler(def: RouteDef) {
  return async (c: Context<AppEnv>) => {
    const { deps } = c.var;
    const principal = await authenticate(deps, c.req.raw.headers);
    const store = deps.state.admin;
    if (!store)
      throw new InternalServerError(
        "no database is configured for the management API: bind a D1 database as DB in wrangler.toml",
        { code: "no_db_connection" },
      );
    const actor = await actorOf(principal, store);
    if (!allowed(def.rule, actor))
      throw new AuthenticationError(
        `Admin-only endpoint. Not allowed to access this. ${def.method} ${actionOf(def.path)} needs the ${def.rule === "admin_viewer" ? "proxy_admin or proxy_admin_viewer" : "proxy_admin"} role; the caller is ${actorLabel(actor)}`,
        { code: "admin_only" },
      );
    const changes: AuditChange[] = [];
    const ctx = adminContext(deps, { actor, audit: (ch) => changes.push(ch) });
    try {
      return c.json((await def.run(ctx, c)) as object);
    } finally {
      if (changes.length) await writeAudit(deps, { store, actor, path: def.path, changes });
    }
  };
}
