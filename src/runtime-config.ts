import type { GatewayConfig, ModelEntry } from "./config/schema.js";
import { splitModel, type Deployment } from "./providers/deployment.js";
import type { Provider } from "./providers/provider.js";

/** The validated config plus the indexes the hot path needs, built once per isolate. */
export interface RuntimeConfig {
  raw: GatewayConfig;
  deployments: Deployment[];
  /** Exact model_name → deployments. */
  groups: Map<string, Deployment[]>;
  /** model_name patterns containing `*`, most specific first (config order among equals). */
  wildcards: Array<{ pattern: RegExp; modelName: string; entries: Deployment[] }>;
  /** model_group_alias: alias → target group, and whether the alias is listed in /v1/models. */
  aliases: Map<string, { target: string; hidden: boolean }>;
  masterKey?: string;
  maxRequestBytes: number;
  dropParams: boolean;
}

function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

export function deploymentOf(entry: ModelEntry, index: number, adapter: Provider): Deployment {
  const { provider, model } = splitModel(entry.litellm_params.model);
  const id =
    entry.model_info?.id ??
    `${entry.model_name.replace(/[^A-Za-z0-9_.-]/g, "_")}-${fnv1a(`${index}:${entry.litellm_params.model}:${entry.litellm_params.api_base ?? ""}`)}`;
  return {
    id,
    modelName: entry.model_name,
    provider,
    model,
    params: entry.litellm_params,
    modelInfo: entry.model_info ?? {},
    adapter,
  };
}

/** How much of a wildcard pattern is literal text. */
function literalLength(pattern: string): number {
  return pattern.replace(/\*/g, "").length;
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .split("*")
      .map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
      .join("(.*)")}$`,
  );
}

/** The provider for a `litellm_params.model` prefix (the caller has refused unknown prefixes). */
export type ProviderFor = (prefix: string) => Provider;

export function buildRuntimeConfig(
  cfg: GatewayConfig,
  opts: { env: (name: string) => string | undefined; providerFor: ProviderFor },
): RuntimeConfig {
  const deployments = cfg.model_list.map((e, i) => {
    const d = deploymentOf(e, i, opts.providerFor(splitModel(e.litellm_params.model).provider));
    // Params the config leaves out come from the provider's variables (e.g. OPENAI_API_KEY).
    const defaults = d.adapter.defaultEnv;
    if (defaults) {
      const params: Record<string, unknown> = { ...d.params };
      for (const [param, envName] of Object.entries(defaults)) {
        if (params[param] === undefined) {
          const v = opts.env(envName) ?? cfg.environment_variables[envName];
          if (v !== undefined) params[param] = v;
        }
      }
      d.params = params as Deployment["params"];
    }
    return d;
  });
  const groups = new Map<string, Deployment[]>();
  const wildcards: RuntimeConfig["wildcards"] = [];
  for (const d of deployments) {
    if (d.modelName.includes("*")) {
      let w = wildcards.find((x) => x.modelName === d.modelName);
      if (!w) {
        w = { pattern: globToRegExp(d.modelName), modelName: d.modelName, entries: [] };
        wildcards.push(w);
      }
      w.entries.push(d);
    } else {
      const list = groups.get(d.modelName) ?? [];
      list.push(d);
      groups.set(d.modelName, list);
    }
  }
  // The most specific pattern wins whatever the config order: more literal characters first
  // ("groq/llama-*" before "groq/*" before "*"), config order among equals (the sort is stable).
  wildcards.sort((a, b) => literalLength(b.modelName) - literalLength(a.modelName));
  const aliases = new Map<string, { target: string; hidden: boolean }>();
  for (const [alias, t] of Object.entries(cfg.router_settings.model_group_alias ?? {})) {
    aliases.set(
      alias,
      typeof t === "string" ? { target: t, hidden: false } : { target: t.model, hidden: t.hidden ?? false },
    );
  }
  return {
    raw: cfg,
    deployments,
    groups,
    wildcards,
    aliases,
    masterKey: cfg.general_settings.master_key,
    maxRequestBytes: Math.round((cfg.general_settings.max_request_size_mb ?? 10) * 1024 * 1024),
    dropParams: cfg.litellm_settings.drop_params ?? false,
  };
}
