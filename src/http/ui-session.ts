import type { Deps } from "../deps.js";
import { AuthenticationError, PermissionDeniedError } from "../errors/gateway-error.js";
import type { Principal } from "../state/principal.js";
import type { UiSessionRecord } from "../state/ui-session-store.js";

/**
 * Dashboard sessions (/ui). The cookie holds `<id>.<signature>`: a random id and its HMAC under a
 * key derived from the master key (changing the master key ends every session). The store keeps the
 * id's SHA-256 only. A call authenticated by the cookie must also send the session's CSRF token
 * (an HMAC of the id) in `x-csrf-token`: a cookie alone authenticates nothing but GET /ui/session.
 */
export const SESSION_COOKIE = "switchyard_session";
export const CSRF_HEADER = "x-csrf-token";
export const SESSION_TTL_MS = 8 * 3_600_000;

const enc = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function b64url(bytes: ArrayBuffer | Uint8Array): string {
  let s = "";
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function sha256Hex(text: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", enc.encode(text)));
  let hex = "";
  for (const b of d) hex += b.toString(16).padStart(2, "0");
  return hex;
}

/** The signing key: HMAC-SHA256 keyed by HMAC(master key, purpose), one per master key per isolate. */
function signingKey(master: string): Promise<CryptoKey> {
  let k = keys.get(master);
  if (!k) {
    k = (async () => {
      const root = await crypto.subtle.importKey("raw", enc.encode(master), { name: "HMAC", hash: "SHA-256" }, false, [
        "sign",
      ]);
      const derived = await crypto.subtle.sign("HMAC", root, enc.encode("switchyard dashboard session v1"));
      return crypto.subtle.importKey("raw", derived, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    })();
    keys.clear(); // only the current master key's
    keys.set(master, k);
  }
  return k;
}

async function mac(master: string, text: string): Promise<string> {
  return b64url(await crypto.subtle.sign("HMAC", await signingKey(master), enc.encode(text)));
}

/** Constant-time comparison of two ASCII strings. */
function same(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

export const csrfTokenOf = (master: string, id: string) => mac(master, `csrf:${id}`);

/** A new session id, its signed cookie value, its CSRF token and its stored hash. */
export async function newSession(master: string) {
  const id = b64url(crypto.getRandomValues(new Uint8Array(32)));
  return {
    cookieValue: `${id}.${await mac(master, `id:${id}`)}`,
    csrfToken: await csrfTokenOf(master, id),
    idHash: await sha256Hex(id),
  };
}

/** The session id of a correctly signed cookie value, else undefined. */
export async function verifiedId(master: string, value: string): Promise<string | undefined> {
  const dot = value.indexOf(".");
  if (dot <= 0 || value.length > 200) return undefined;
  const id = value.slice(0, dot);
  return same(value.slice(dot + 1), await mac(master, `id:${id}`)) ? id : undefined;
}

/** One cookie's value from a Cookie header. */
export function cookieValue(headers: Headers, name: string): string | undefined {
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

const expired = () =>
  new AuthenticationError("the dashboard session expired or was signed out: sign in again", {
    code: "session_expired",
  });

export interface LiveSession {
  id: string;
  session: UiSessionRecord;
  principal: Principal;
  csrfToken: string;
}

/**
 * The session the request's cookie names, or undefined without a session cookie. A cookie that
 * is forged, expired or revoked is a 401; `csrf: true` also requires the session's CSRF token
 * (403 without it).
 */
export async function readSession(
  deps: Deps,
  headers: Headers,
  opts: { csrf: boolean },
): Promise<LiveSession | undefined> {
  const store = deps.state.uiSessions;
  const master = deps.config.masterKey;
  const raw = cookieValue(headers, SESSION_COOKIE);
  if (!store || !master || !raw) return undefined;
  const id = await verifiedId(master, raw);
  if (!id) throw expired();
  const csrfToken = await csrfTokenOf(master, id);
  if (opts.csrf && !same(headers.get(CSRF_HEADER) ?? "", csrfToken))
    throw new PermissionDeniedError(
      `a dashboard session call needs the session's CSRF token in the ${CSRF_HEADER} header`,
      { code: "csrf_token_invalid" },
    );
  const live = await store.principal(await sha256Hex(id), deps.now());
  if (!live) throw expired();
  return { id, ...live, csrfToken };
}

export const sessionIdHash = sha256Hex;
