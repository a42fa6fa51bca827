import { buildRuntimeConfig, type RuntimeConfig } from "./runtime.js";
import { ConfigError, loadConfig, parseConfigText } from "./load.js";
import { getProvider } from "../providers/registry.js";
import "../providers/all.js";

/** YAML text + env lookup → runtime config and warnings. Throws ConfigError naming bad paths. */
export function setupConfig(text: string, env: (name: string) => string | undefined): { runtime: RuntimeConfig; warnings: string[] } {
  const { config, warnings } = loadConfig(parseConfigText(text), env);
  const unknown = config.model_list
    .map((e, i) => ({ i, provider: e.litellm_params.model.split("/")[0]! }))
    .filter((x) => !getProvider(x.provider));
  if (unknown.length) {
    throw new ConfigError(unknown.map((u) => `model_list[${u.i}].litellm_params.model: unknown provider "${u.provider}"`));
  }
  const runtime = buildRuntimeConfig(config, { env, defaultEnvFor: (p) => getProvider(p)?.defaultEnv });
  return { runtime, warnings };
}
