import { parse as parseYaml } from "yaml";
import { GatewayConfig } from "./schema.js";
import { formatIssues } from "./format-issues.js";
import { resolveEnvRefs, type EnvLookup } from "./env-refs.js";
import { unsupportedKeyWarnings } from "./warnings.js";
import { callbackWarnings } from "./observability-schema.js";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid config:\n  ${problems.join("\n  ")}`);
  }
}

export interface LoadedConfig {
  config: GatewayConfig;
  warnings: string[];
}

/** Parse YAML text into a raw tree (no env resolution, no validation). */
export function parseConfigText(text: string): unknown {
  try {
    return parseYaml(text) ?? {};
  } catch (e) {
    throw new ConfigError([`yaml: ${(e as Error).message.split("\n")[0]}`]);
  }
}

function envVarsOf(raw: unknown): Record<string, string> {
  const ev = raw && typeof raw === "object" ? (raw as Record<string, unknown>).environment_variables : undefined;
  const out: Record<string, string> = {};
  if (ev && typeof ev === "object")
    for (const [k, v] of Object.entries(ev)) if (v !== null && typeof v !== "object") out[k] = String(v);
  return out;
}

/**
 * Validate a raw config tree and resolve `os.environ/NAME` (from `env`, then the
 * config's own `environment_variables`). Throws ConfigError naming each bad path.
 */
export function loadConfig(raw: unknown, env: EnvLookup): LoadedConfig {
  const own = envVarsOf(raw);
  const missing: string[] = [];
  const resolved = resolveEnvRefs(raw, (n) => env(n) ?? own[n], missing);
  const parsed = GatewayConfig.safeParse(resolved);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error));
  return {
    config: parsed.data,
    warnings: [...unsupportedKeyWarnings(raw), ...callbackWarnings(parsed.data), ...missing],
  };
}
