import { PermissionDeniedError } from "../errors/gateway-error.js";
import { type AccessGroups, modelAllowed } from "../access/model-access.js";
import type { Principal } from "../state/principal.js";

/**
 * The model a caller's request goes to: the key's own alias applied, then checked against the
 * key ∩ team ∩ user allow-list. A denied model is a 403 naming it.
 */
export function authorizeModel(p: Principal, requested: string, access?: AccessGroups): string {
  if (p.kind === "master") return requested;
  const target = p.aliases[requested] ?? requested;
  if (modelAllowed(p, target, access)) return target;
  const allowed = p.models.filter((m) => !m.startsWith("\u0000"));
  const list = allowed.length ? allowed.map((m) => `"${m}"`).join(", ") : "none";
  return deny(
    `${p.keyAlias ? `key "${p.keyAlias}"` : `key ${p.keyName}`} may not use model "${target}"; it may use: ${list}`,
  );
}

function deny(message: string): never {
  throw new PermissionDeniedError(message, { param: "model", code: "key_model_access_denied" });
}
