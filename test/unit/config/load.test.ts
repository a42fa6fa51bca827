import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseConfigText } from "../../../src/config/load.js";
import { buildRuntimeConfig } from "../../../src/runtime-config.js";
import { providerNamed } from "../../../src/providers/all.js";
import { resolveModel } from "../../../src/routing/resolve-model.js";

const env = (vars: Record<string, string>) => (n: string) => vars[n];

function problemsOf(yaml: string, vars: Record<string, string> = {}): string[] {
  try {
    loadConfig(parseConfigText(yaml), env(vars));
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

describe("config.yaml validation", () => {
  it("names the exact path and problem of a bad model string", () => {
    const problems = problemsOf(`
model_list:
  - model_name: a
    litellm_params: { model: openai/gpt-4o }
  - model_name: b
    litellm_params: { model: gpt-4o }
`);
    expect(problems).toEqual(['model_list[1].litellm_params.model: expected "provider/model"']);
  });

  it("names wrong types and missing fields", () => {
    expect(problemsOf(`model_list:\n  - litellm_params: { model: openai/x }\n`)).toEqual([
      expect.stringMatching(/^model_list\[0\]\.model_name: /),
    ]);
    expect(
      problemsOf(`model_list:\n  - model_name: a\n    litellm_params: { model: openai/x, rpm: many }\n`)[0],
    ).toMatch(/^model_list\[0\]\.litellm_params\.rpm: /);
    expect(problemsOf(`router_settings:\n  routing_strategy: fastest\n`)[0]).toMatch(
      /^router_settings\.routing_strategy: /,
    );
  });

  it("reports YAML syntax errors", () => {
    expect(problemsOf("model_list: [\n")[0]).toMatch(/^yaml: /);
  });

  it("resolves os.environ/NAME from the env first, then environment_variables", () => {
    const { config } = loadConfig(
      parseConfigText(`
environment_variables: { UP_KEY: from-config, BASE: "http://127.0.0.1:9/v1" }
model_list:
  - model_name: a
    litellm_params: { model: openai/x, api_key: os.environ/UP_KEY, api_base: os.environ/BASE }
general_settings: { master_key: os.environ/MASTER }
`),
      env({ MASTER: "sk-m", UP_KEY: "from-env" }),
    );
    expect(config.general_settings.master_key).toBe("sk-m");
    expect(config.model_list[0]!.litellm_params.api_key).toBe("from-env");
    expect(config.model_list[0]!.litellm_params.api_base).toBe("http://127.0.0.1:9/v1");
  });

  it("warns once per unknown key and per unset variable, never silently", () => {
    const { warnings } = loadConfig(
      parseConfigText(`
model_list:
  - model_name: a
    litellm_params: { model: openai/x, api_key: os.environ/NOPE, frobnicate: 1 }
  - model_name: b
    litellm_params: { model: openai/y, frobnicate: 2 }
litellm_settings: { drop_params: true, success_callback: [langfuse, datadog] }
general_settings: { database_url: postgres://x }
`),
      env({}),
    );
    expect(warnings).toEqual([
      'config key "general_settings.database_url" is not supported by Switchyard and is ignored',
      'config key "model_list[].litellm_params.frobnicate" is not supported by Switchyard and is ignored',
      expect.stringMatching(/^litellm_settings\.success_callback: callback "datadog" is not supported by Switchyard/),
      "model_list[0].litellm_params.api_key: environment variable NOPE is not set",
    ]);
  });
});

describe("model resolution", () => {
  const runtime = (yaml: string, vars: Record<string, string> = {}) =>
    buildRuntimeConfig(loadConfig(parseConfigText(yaml), env(vars)).config, {
      env: env(vars),
      providerFor: (p) => providerNamed(p)!,
    });

  it("routes wildcards with the captured part as the vendor model", () => {
    const cfg = runtime(`
model_list:
  - model_name: openai/*
    litellm_params: { model: openai/* }
  - model_name: "*"
    litellm_params: { model: groq/* }
`);
    expect(resolveModel(cfg, "openai/gpt-4.1")?.deployments[0]).toMatchObject({ provider: "openai", model: "gpt-4.1" });
    expect(resolveModel(cfg, "llama-3")?.deployments[0]).toMatchObject({ provider: "groq", model: "llama-3" });
  });

  it("prefers an exact group, then an alias, and gives undefined for unknown names", () => {
    const cfg = runtime(`
model_list:
  - model_name: fast
    litellm_params: { model: openai/gpt-4o-mini }
router_settings:
  model_group_alias: { quick: fast }
`);
    expect(resolveModel(cfg, "fast")?.group).toBe("fast");
    expect(resolveModel(cfg, "quick")?.group).toBe("fast");
    expect(resolveModel(cfg, "slow")).toBeUndefined();
  });

  it("fills provider credentials from their default variables when the config leaves them out", () => {
    const cfg = runtime(`model_list:\n  - model_name: a\n    litellm_params: { model: openai/x }\n`, {
      OPENAI_API_KEY: "sk-env",
    });
    expect(cfg.deployments[0]!.params.api_key).toBe("sk-env");
  });

  it("gives each deployment a stable id (model_info.id wins)", () => {
    const yaml = `
model_list:
  - model_name: a
    litellm_params: { model: openai/x }
  - model_name: a
    litellm_params: { model: openai/y }
    model_info: { id: my-id }
`;
    const one = runtime(yaml).deployments.map((d) => d.id);
    expect(runtime(yaml).deployments.map((d) => d.id)).toEqual(one);
    expect(one[1]).toBe("my-id");
    expect(new Set(one).size).toBe(2);
  });
});
