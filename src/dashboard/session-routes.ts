import type { Context, Hono } from "hono";
import { z } from "zod";
import { actorOf, MASTER_ACTOR } from "../admin/actor.js";
import { body, handler, type RouteDef } from "../admin/route-table.js";
import { tokenOf } from "../admin/key-material.js";
import type { Deps } from "../deps.js";
import { GatewayError, InternalServerError, PermissionDeniedError } from "../errors/gateway-error.js";
import type { AppEnv } from "../http/app-env.js";
import { authenticate } from "../http/authenticate.js";
import { newSession, readSession, SESSION_TTL_MS, sessionIdHash } from "../http/ui-session.js";
import type { Principal } from "../state/principal.js";
import { clearedCookie, sessionCookie } from "./session-cookie.js";

/**
 * Dashboard sign-in (src/http/ui-session.ts has the rules): POST /ui/session exchanges a key for a
 * session cookie, GET /ui/session says who is signed in and hands the page its CSRF token,
 * DELETE /ui/session signs out, POST /ui/session/revoke_all (proxy admins) ends every session or
 * those of one key. Every other dashboard action is a management API call with the same role checks.
 */
const SignIn = z.object({ key: z.string().min(1).max(512) });
const RevokeAll = z.object({ key: z.string().min(1).max(512).optional() });

const NO_STORE = { "cache-control": "no-store" };

function sessionStore(deps: Deps) {
  const store = deps.state.uiSessions;
  if (!store)
    throw new InternalServerError(
      "no database is configured for dashboard sessions: bind a D1 database as DB in wrangler.toml",
      { code: "no_db_connection" },
    );
  return store;
}

/** A sign-in must come from a page of this origin (no login CSRF): same Origin, same-origin fetch, JSON body. */
function checkSameOrigin(c: Context<AppEnv>): void {
  const origin = c.req.header("origin");
  const site = c.req.header("sec-fetch-site");
  const json = (c.req.header("content-type") ?? "").toLowerCase().startsWith("application/json");
  if ((origin && origin !== new URL(c.req.url).origin) || (site && site !== "same-origin" && site !== "none") || !json)
    throw new PermissionDeniedError("sign-in must be a JSON request from the dashboard's own origin", {
      code: "cross_origin_sign_in",
    });
}

async function whoami(deps: Deps, principal: Principal) {
  const actor =
    principal.kind === "master" || !deps.state.admin ? MASTER_ACTOR : await actorOf(principal, deps.state.admin);
  if (principal.kind === "master")
    return { kind: "master", role: actor.role, key_alias: null, key_name: null, user_id: null, team_id: null };
  return {
    kind: "key",
    role: actor.role,
    key_alias: principal.keyAlias,
    key_name: principal.keyName,
    user_id: principal.userId,
    team_id: principal.teamId,
  };
}

const REVOKE_ALL: RouteDef = {
  method: "POST",
  path: "/ui/session/revoke_all",
  rule: "proxy_admin",
  run: async (ctx, c) => {
    const b = await body(c, RevokeAll);
    const keyHash = b.key ? await tokenOf(b.key) : undefined;
    const revoked = await sessionStore(c.var.deps).closeAll(keyHash ? { keyHash } : {}, ctx.now());
    return { revoked };
  },
};

export function uiSessionRoutes(app: Hono<AppEnv>): void {
  app.post("/ui/session", async (c) => {
    const { deps } = c.var;
    checkSameOrigin(c);
    const store = sessionStore(deps);
    const { key } = await body(c, SignIn);
    // exactly the API's own check of a key (master key, or a virtual key that is not blocked or expired)
    const principal = await authenticate(deps, new Headers({ authorization: `Bearer ${key}` }));
    const s = await newSession(deps.config.masterKey!);
    const now = deps.now();
    await store.open({
      idHash: s.idHash,
      kind: principal.kind === "master" ? "master" : "key",
      keyHash: principal.kind === "master" ? null : principal.keyHash,
      createdAt: now,
      expiresAt: now + SESSION_TTL_MS,
    });
    return c.json(
      { ...(await whoami(deps, principal)), csrf_token: s.csrfToken, expires_at: now + SESSION_TTL_MS },
      200,
      { ...NO_STORE, "set-cookie": sessionCookie(c.req.url, s.cookieValue) },
    );
  });

  app.get("/ui/session", async (c) => {
    const { deps } = c.var;
    const live = await readSession(deps, c.req.raw.headers, { csrf: false });
    if (!live) return c.json({ signed_in: false }, 200, NO_STORE);
    return c.json(
      {
        signed_in: true,
        ...(await whoami(deps, live.principal)),
        csrf_token: live.csrfToken,
        expires_at: live.session.expiresAt,
      },
      200,
      NO_STORE,
    );
  });

  app.delete("/ui/session", async (c) => {
    const { deps } = c.var;
    try {
      const live = await readSession(deps, c.req.raw.headers, { csrf: true });
      if (live) await sessionStore(deps).close(await sessionIdHash(live.id), deps.now());
    } catch (e) {
      // a session that already ended signs out all the same; a missing CSRF token does not
      if (!(e instanceof GatewayError) || e.code !== "session_expired") throw e;
    }
    return c.json({ signed_out: true }, 200, { ...NO_STORE, "set-cookie": clearedCookie(c.req.url) });
  });

  app.post(REVOKE_ALL.path, handler(REVOKE_ALL));
}
