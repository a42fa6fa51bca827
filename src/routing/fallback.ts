import type { RuntimeConfig } from "../runtime-config.js";
import { GatewayError } from "../errors/gateway-error.js";
import type { RouteOverrides } from "./router.js";

export const DEFAULT_MAX_FALLBACKS = 5;

type FallbackList = Array<Record<string, string[]>> | undefined;

function entryFor(list: FallbackList, names: readonly string[]): string[] | undefined {
  if (!list) return undefined;
  for (const name of names) for (const entry of list) if (entry[name]) return entry[name];
  return undefined;
}

/**
 * Model groups to try, in order, once a group's retries are spent. Context-window and
 * content-policy errors use their own lists when the group has an entry there; otherwise the
 * request's `fallbacks`, else the group's `fallbacks` entry, else `default_fallbacks`.
 * `disable_fallbacks` turns them off; `max_fallbacks` (default 5) caps the list.
 */
export function fallbackGroups(
  cfg: RuntimeConfig,
  opts: { group: string; requested: string; error: unknown; overrides: RouteOverrides },
): string[] {
  const { overrides: o } = opts;
  if (o.disableFallbacks) return [];
  const rs = cfg.raw.router_settings;
  const ls = cfg.raw.litellm_settings;
  const names = opts.requested === opts.group ? [opts.group] : [opts.requested, opts.group];
  const kind = opts.error instanceof GatewayError ? opts.error.kind : undefined;
  let list: string[] | undefined;
  if (kind === "ContextWindowExceededError")
    list = entryFor(rs.context_window_fallbacks ?? ls.context_window_fallbacks, names);
  if (kind === "ContentPolicyViolationError")
    list = entryFor(rs.content_policy_fallbacks ?? ls.content_policy_fallbacks, names);
  list ??=
    o.fallbacks ?? entryFor(rs.fallbacks ?? ls.fallbacks, names) ?? rs.default_fallbacks ?? ls.default_fallbacks ?? [];
  const out: string[] = [];
  for (const g of list) if (!names.includes(g) && !out.includes(g)) out.push(g);
  return out.slice(0, rs.max_fallbacks ?? DEFAULT_MAX_FALLBACKS);
}
