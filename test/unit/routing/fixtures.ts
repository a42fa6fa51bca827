import { buildRuntimeConfig, type RuntimeConfig } from "../../../src/runtime-config.js";
import { providerNamed } from "../../../src/providers/all.js";
import { GatewayConfig } from "../../../src/config/schema.js";
import type { CandidateView } from "../../../src/routing/strategies/candidate-view.js";
import type { CandidateSpec, GroupPolicy } from "../../../src/routing/router-types.js";

/** A runtime config from a plain LiteLLM-style object (no env, no provider defaults). */
export function runtimeConfig(raw: unknown): RuntimeConfig {
  return buildRuntimeConfig(GatewayConfig.parse(raw), { env: () => undefined, providerFor: (p) => providerNamed(p)! });
}

/** `n` OpenAI-compatible deployments named d1..dn in group `group`, each with extra litellm_params. */
export function deployments(group: string, params: Array<Record<string, unknown>>): unknown[] {
  return params.map((p, i) => ({
    model_name: group,
    litellm_params: { model: "openai/m", api_base: `http://127.0.0.1:9/d${i + 1}`, api_key: "sk-test", ...p },
    model_info: { id: `${group}-d${i + 1}` },
  }));
}

export function view(spec: CandidateSpec, live: Partial<Omit<CandidateView, "spec">> = {}): CandidateView {
  return { spec, inFlight: 0, requests: 0, tokens: 0, coolingUntil: 0, limitedUntil: 0, ...live };
}

export function policy(candidates: CandidateSpec[], over: Partial<GroupPolicy> = {}): GroupPolicy {
  return {
    strategy: "simple-shuffle",
    latencyBuffer: 0,
    latencyTtlMs: 3_600_000,
    cooldown: { allowedFails: 3, cooldownMs: 5_000, disabled: false },
    candidates,
    ...over,
  };
}

/** A clock the test moves by hand. */
export function manualClock(start = 1_700_000_000_000) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    set: (ms: number) => {
      t = ms;
    },
  };
}
