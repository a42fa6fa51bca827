import type { Principal } from "../state/principal.js";

/** Whether `model` (a name, or a pattern read literally) matches an allow-list entry (a name or a `*` pattern). */
export function matchesPattern(pattern: string, model: string): boolean {
  if (pattern === "*" || pattern === model) return true;
  if (!pattern.includes("*")) return false;
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
      .join(".*")}$`,
  );
  return re.test(model);
}

/** The model access groups (model_info.access_groups) each model group belongs to. */
export interface AccessGroups {
  /** Access groups of a model group, or of a name a wildcard group serves. */
  of(model: string): readonly string[];
  /** Every access group name, in config order. */
  names: readonly string[];
}

export const NO_ACCESS_GROUPS: AccessGroups = { of: () => [], names: [] };

interface GroupedDeployment {
  modelName: string;
  modelInfo: { access_groups?: unknown };
}

const accessCache = new WeakMap<object, AccessGroups>();

/** The access groups of a config's deployments, built once per config object. */
export function accessGroupsOf(cfg: { deployments: ReadonlyArray<GroupedDeployment> }): AccessGroups {
  const hit = accessCache.get(cfg);
  if (hit) return hit;
  const exact = new Map<string, Set<string>>();
  const names = new Set<string>();
  for (const d of cfg.deployments) {
    const groups = Array.isArray(d.modelInfo.access_groups) ? d.modelInfo.access_groups : [];
    for (const g of groups) {
      if (typeof g !== "string") continue;
      names.add(g);
      const set = exact.get(d.modelName) ?? new Set<string>();
      set.add(g);
      exact.set(d.modelName, set);
    }
  }
  const patterns = [...exact].filter(([name]) => name.includes("*"));
  const access: AccessGroups = {
    of(model) {
      const own = exact.get(model);
      if (!patterns.length) return own ? [...own] : [];
      const out = new Set(own);
      for (const [pattern, groups] of patterns) if (matchesPattern(pattern, model)) for (const g of groups) out.add(g);
      return [...out];
    },
    names: [...names],
  };
  accessCache.set(cfg, access);
  return access;
}

/** Whether one allow-list permits `model`: empty permits all; an entry matches by name, `*` pattern or access group. */
export function listAllows(list: readonly string[], model: string, access: AccessGroups = NO_ACCESS_GROUPS): boolean {
  if (list.length === 0) return true;
  if (list.some((m) => matchesPattern(m, model))) return true;
  const groups = access.of(model);
  return groups.length > 0 && list.some((m) => groups.includes(m));
}

/**
 * Whether the principal may call this model (group name, alias or wildcard-matched name). With
 * `access`, allow-list entries naming a model access group permit that group's models; every list
 * (key, team, user, organization) must permit the model.
 */
export function modelAllowed(p: Principal, model: string, access?: AccessGroups): boolean {
  if (p.kind === "master") return true;
  if (p.allowLists) return p.allowLists.every((l) => listAllows(l, model, access));
  return listAllows(p.models, model, access);
}

/**
 * The models both allow-lists permit (an empty list permits everything). An entry of one list
 * is kept when it lies inside an entry of the other: "gpt-4o" ∩ "gpt-*" = "gpt-4o". Patterns that
 * only overlap partially ("gpt-*" ∩ "*-mini") are dropped: the result never permits more than either list.
 * When neither list is empty and nothing is shared, the result is a list matching nothing.
 */
export function intersectAllowLists(a: string[], b: string[]): string[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Set<string>();
  for (const x of a)
    for (const y of b) {
      if (matchesPattern(y, x)) out.add(x);
      else if (matchesPattern(x, y)) out.add(y);
    }
  return out.size ? [...out] : [NOTHING];
}

/** An allow-list entry no model name can match (model names never contain NUL). */
export const NOTHING = "\u0000none";
