import type { Principal } from "../state/principal.js";

/**
 * Who a stored response belongs to: the key's team when it has one (teammates continue each other's
 * conversations), else the key itself (by hash, never the key), and the master key its own scope.
 */
export function responseOwner(p: Principal): string {
  if (p.kind === "master") return "master";
  return p.teamId ? `team:${p.teamId}` : `key:${p.keyHash}`;
}
