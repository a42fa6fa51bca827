import { z } from "zod";
import { APIConnectionError, AuthenticationError, ServiceUnavailableError } from "../../errors/gateway-error.js";
import { readJsonAs } from "../shared/json.js";
import type { VertexCredentials } from "./credentials.js";
import { importPrivateKey, signJwt } from "./jwt.js";

export const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
/** A cached token is replaced this long before it expires. */
export const REFRESH_MARGIN_MS = 5 * 60_000;
const JWT_LIFETIME_S = 3600;

const TokenResponse = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
});
const TokenError = z.looseObject({ error: z.string().optional(), error_description: z.string().optional() });

interface CachedToken {
  token: string;
  refreshAt: number;
}
interface PendingToken {
  pending: Promise<CachedToken>;
}

function isCached(v: unknown): v is CachedToken {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as CachedToken).token === "string" &&
    typeof (v as CachedToken).refreshAt === "number"
  );
}
function isPending(v: unknown): v is PendingToken {
  return typeof v === "object" && v !== null && (v as PendingToken).pending instanceof Promise;
}

async function sha256Hex(text: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  let s = "";
  for (const b of d) s += b.toString(16).padStart(2, "0");
  return s;
}

export interface TokenDeps {
  fetch: typeof fetch;
  now: () => number;
  cache: Map<string, unknown>;
}

type Exchangeable = Exclude<VertexCredentials, { kind: "access_token" }>;

async function grantOf(creds: Exchangeable, nowMs: number): Promise<URLSearchParams> {
  if (creds.kind === "authorized_user") {
    const u = creds.user;
    return new URLSearchParams({
      grant_type: "refresh_token",
      client_id: u.client_id,
      client_secret: u.client_secret,
      refresh_token: u.refresh_token,
    });
  }
  const iat = Math.floor(nowMs / 1000);
  const key = await importPrivateKey(creds.key.private_key);
  const assertion = await signJwt({
    key,
    keyId: creds.key.private_key_id,
    claims: {
      iss: creds.key.client_email,
      scope: CLOUD_PLATFORM_SCOPE,
      aud: creds.tokenUri,
      iat,
      exp: iat + JWT_LIFETIME_S,
    },
  });
  return new URLSearchParams({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion });
}

/**
 * One token exchange at the credentials' token_uri. Failures never echo the credentials. It is not tied
 * to one request's abort signal: concurrent requests share it and its token outlives them.
 */
async function exchange(creds: Exchangeable, deps: TokenDeps): Promise<CachedToken> {
  const started = deps.now();
  const body = await grantOf(creds, started);
  let res: Response;
  try {
    res = await deps.fetch(creds.tokenUri, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: body.toString(),
    });
  } catch {
    throw new APIConnectionError("vertex_ai token exchange failed: could not reach the token endpoint", {
      provider: "vertex_ai",
      code: "token_exchange_failed",
    });
  }
  const text = await res.text();
  if (!res.ok) {
    if (res.status >= 500) {
      throw new ServiceUnavailableError(`vertex_ai token endpoint returned HTTP ${res.status}`, {
        provider: "vertex_ai",
        code: "token_exchange_failed",
      });
    }
    const e = readJsonAs(TokenError, text);
    const why = [e?.error, e?.error_description].filter(Boolean).join(": ").slice(0, 200);
    throw new AuthenticationError(`vertex_ai token exchange failed (HTTP ${res.status})${why ? `: ${why}` : ""}`, {
      provider: "vertex_ai",
      code: "token_exchange_failed",
    });
  }
  const t = readJsonAs(TokenResponse, text);
  if (!t)
    throw new AuthenticationError("vertex_ai token endpoint returned no access_token", {
      provider: "vertex_ai",
      code: "token_exchange_failed",
    });
  const lifetimeMs = (t.expires_in ?? JWT_LIFETIME_S) * 1000;
  return { token: t.access_token, refreshAt: started + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 2) };
}

/**
 * An OAuth access token for Vertex AI. Exchanged tokens are cached per credential (keyed by a hash of
 * the credential text) until 5 minutes before expiry; concurrent callers share one exchange.
 */
export async function vertexAccessToken(opts: {
  raw: string;
  creds: VertexCredentials;
  deps: TokenDeps;
}): Promise<string> {
  const { creds, deps } = opts;
  if (creds.kind === "access_token") return creds.token;
  const key = `vertex_ai:token:${await sha256Hex(opts.raw)}`;
  const hit = deps.cache.get(key);
  if (isCached(hit) && deps.now() < hit.refreshAt) return hit.token;
  if (isPending(hit)) return (await hit.pending).token;
  const pending = exchange(creds, deps);
  deps.cache.set(key, { pending });
  try {
    const t = await pending;
    deps.cache.set(key, t);
    return t.token;
  } catch (e) {
    const now = deps.cache.get(key);
    if (isPending(now) && now.pending === pending) deps.cache.delete(key);
    throw e;
  }
}
