import type { Deployment } from "../providers/deployment.js";
import type { RuntimeConfig } from "../runtime-config.js";

export interface ResolvedGroup {
  /** The group name used for routing state and reporting (the alias target, or the wildcard pattern). */
  group: string;
  deployments: Deployment[];
}

/**
 * Model name → deployments: exact group, then alias, then the first matching wildcard
 * (its `*` captures substituted into the deployment's model id).
 */
export function resolveModel(cfg: RuntimeConfig, model: string): ResolvedGroup | undefined {
  const exact = cfg.groups.get(model);
  if (exact) return { group: model, deployments: exact };
  const alias = cfg.aliases.get(model);
  if (alias) {
    const target = cfg.groups.get(alias.target);
    if (target) return { group: alias.target, deployments: target };
  }
  for (const w of cfg.wildcards) {
    const m = w.pattern.exec(model);
    if (!m) continue;
    const captures = m.slice(1);
    return {
      group: w.modelName,
      deployments: w.entries.map((d) => {
        let i = 0;
        const vendorModel = d.model.includes("*") ? d.model.replace(/\*/g, () => captures[i++] ?? "") : d.model;
        return { ...d, model: vendorModel };
      }),
    };
  }
  return undefined;
}

/** Model names a caller may see in /v1/models: groups and visible aliases (wildcards are patterns, not listed). */
export function listedModels(cfg: RuntimeConfig): string[] {
  const names = [...cfg.groups.keys()];
  for (const [alias, a] of cfg.aliases) if (!a.hidden && cfg.groups.has(a.target)) names.push(alias);
  return names;
}
