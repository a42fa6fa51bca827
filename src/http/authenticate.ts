import type { Deps } from "../deps.js";
import { AuthenticationError } from "../errors/gateway-error.js";
import type { Principal } from "../state/principal.js";
import { readSession } from "./ui-session.js";

/** The bearer token from Authorization, x-api-key or api-key (first present). */
export function tokenFrom(headers: Headers): string | undefined {
  const auth = headers.get("authorization");
  if (auth) {
    if (auth.startsWith("Bearer ") && auth.charCodeAt(7) > 32) return auth.slice(7).trim(); // the usual form, without a regex
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    return m ? m[1]!.trim() : auth.trim();
  }
  return headers.get("x-api-key")?.trim() || headers.get("api-key")?.trim() || undefined;
}

/** Constant-time string comparison (time depends only on the longer length). */
export function safeEqual(a: string, b: string): boolean {
  const len = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < len; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

export const NO_MASTER_KEY_MESSAGE =
  "no master key is configured: set general_settings.master_key in config.yaml (for example `master_key: os.environ/SWITCHYARD_MASTER_KEY`, with the secret set by `wrangler secret put SWITCHYARD_MASTER_KEY` or in .dev.vars)";

/** Master key, or a virtual key through the key store. Never echoes the presented key. */
export async function authenticate(deps: Deps, headers: Headers): Promise<Principal> {
  const master = deps.config.masterKey;
  if (!master) throw new AuthenticationError(NO_MASTER_KEY_MESSAGE, { code: "no_master_key" });
  const token = tokenFrom(headers);
  if (!token) {
    // A dashboard session: its cookie and its CSRF token (src/http/ui-session.ts).
    const session = await readSession(deps, headers, { csrf: true });
    if (session) return session.principal;
    throw new AuthenticationError("missing API key: send `Authorization: Bearer <key>`", { code: "missing_api_key" });
  }
  if (safeEqual(token, master)) return { kind: "master" };
  const virtual = await deps.state.keys?.authenticate(token);
  if (virtual) return virtual;
  throw new AuthenticationError("invalid API key", { code: "invalid_api_key" });
}

/** Admin routes: the master key only. */
export function requireMaster(p: Principal): void {
  if (p.kind !== "master") throw new AuthenticationError("this route needs the master key", { code: "admin_only" });
}
