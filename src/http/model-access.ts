import type { Principal } from "./principal.js";

function matches(pattern: string, model: string): boolean {
  if (pattern === "*" || pattern === model) return true;
  if (!pattern.includes("*")) return false;
  const re = new RegExp(`^${pattern.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, "\\$&")).join(".*")}$`);
  return re.test(model);
}

/** Whether the principal may call this model (group name, alias or wildcard-matched name). */
export function modelAllowed(p: Principal, model: string): boolean {
  if (p.kind === "master" || p.models.length === 0) return true;
  return p.models.some((m) => matches(m, model));
}
