import type { Principal } from "../state/principal.js";
import type { CacheSettings } from "./settings.js";

/**
 * Who shares cached answers. `team` (the default): a key's team, else the key itself; `key`: each
 * key alone; `global`: everyone (an explicit choice, warned about at start). The master key is its
 * own scope except under `global`. The label goes into the cache key's hash, never into storage as is.
 */
export function cacheScope(principal: Principal, scope: CacheSettings["scope"]): string {
  if (scope === "global") return "global";
  if (principal.kind === "master") return "master";
  if (scope === "team" && principal.teamId) return `team:${principal.teamId}`;
  return `key:${principal.keyHash}`;
}
