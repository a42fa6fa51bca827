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

/** Whether the principal may call this model (group name, alias or wildcard-matched name). */
export function modelAllowed(p: Principal, model: string): boolean {
  if (p.kind === "master" || p.models.length === 0) return true;
  return p.models.some((m) => matchesPattern(m, model));
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
