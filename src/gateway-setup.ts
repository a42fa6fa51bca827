import { buildRuntimeConfig, type RuntimeConfig } from "./runtime-config.js";
import { ConfigError, loadConfig, parseConfigText } from "./config/load.js";
import { cacheConfigIssues } from "./config/cache-params.js";
import { providerNamed } from "./providers/all.js";

export type EnvLookup = (name: string) => string | undefined;

/**
 * A parsed config tree + env lookup → runtime config and warnings: validation, `os.environ/NAME`,
 * known providers, provider default variables. Throws ConfigError naming bad paths. The one path
 * for the Worker, `npm start`/deploy checks, the library gateway and the library router.
 */
export function runtimeConfigFrom(raw: unknown, env: EnvLookup): { runtime: RuntimeConfig; warnings: string[] } {
  const { config, warnings } = loadConfig(raw, env);
  const unknown = config.model_list
    .map((e, i) => ({ i, provider: e.litellm_params.model.split("/")[0]! }))
    .filter((x) => !providerNamed(x.provider));
  const problems = [
    ...unknown.map((u) => `model_list[${u.i}].litellm_params.model: unknown provider "${u.provider}"`),
    ...cacheConfigIssues(config).map((i) => `${i.path.join(".")}: ${i.message}`),
  ];
  if (problems.length) throw new ConfigError(problems);
  const runtime = buildRuntimeConfig(config, { env, providerFor: (p) => providerNamed(p)! });
  return { runtime, warnings };
}

/** YAML text + env lookup → runtime config and warnings. */
export function setupConfig(text: string, env: EnvLookup): { runtime: RuntimeConfig; warnings: string[] } {
  return runtimeConfigFrom(parseConfigText(text), env);
}

/** The host's environment where there is one (Node, Bun, Deno's process shim); empty on Workers. */
export function processEnv(): Record<string, string | undefined> {
  const p = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return p?.env ?? {};
}
