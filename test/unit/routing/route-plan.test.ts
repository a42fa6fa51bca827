import { describe, expect, test } from "vitest";
import {
  ContentPolicyViolationError,
  ContextWindowExceededError,
  GatewayError,
  InternalServerError,
} from "../../../src/errors/gateway-error.js";
import {
  fallbacksAfter,
  planDeployments,
  planRoute,
  type PlanRequest,
  type RoutePlan,
} from "../../../src/routing/route-plan.js";
import type { RouteOverrides } from "../../../src/routing/router.js";
import { deployments, runtimeConfig } from "./fixtures.js";

const models = [
  ...deployments("a", [{}]),
  ...deployments("b", [{}]),
  ...deployments("c", [{}]),
  ...deployments("big", [{}]),
];
const cfg = (router_settings: Record<string, unknown>, litellm_settings: Record<string, unknown> = {}) =>
  runtimeConfig({ model_list: models, router_settings, litellm_settings });
const boom = new InternalServerError("boom");
const plan = (
  c: ReturnType<typeof cfg>,
  model: string,
  overrides: RouteOverrides = {},
  extra: Partial<PlanRequest> = {},
) => planRoute(c, { model, operation: "chat", overrides, ...extra });
const fallbacksOf = (p: RoutePlan, e: unknown = boom) => fallbacksAfter(p, e).map((g) => g.name);

describe("route plan: fallbacks", () => {
  test("the group's entry, in order", () => {
    const c = cfg({ fallbacks: [{ x: ["nope"] }, { a: ["b", "c"] }] });
    expect(fallbacksOf(plan(c, "a"))).toEqual(["b", "c"]);
  });

  test("an alias finds the entry under its own name or its target's", () => {
    const c = cfg({ fallbacks: [{ a: ["b"] }], model_group_alias: { fast: "a" } });
    const p = plan(c, "fast");
    expect(p.primary).toMatchObject({ name: "a", requested: "fast" });
    expect(fallbacksOf(p)).toEqual(["b"]);
  });

  test("litellm_settings.fallbacks when router_settings has none", () => {
    const c = cfg({}, { fallbacks: [{ a: ["c"] }] });
    expect(fallbacksOf(plan(c, "a"))).toEqual(["c"]);
  });

  test("context-window and content-policy errors use their own lists, else the general one", () => {
    const c = cfg({
      fallbacks: [{ a: ["b"] }],
      context_window_fallbacks: [{ a: ["big"] }],
      content_policy_fallbacks: [{ a: ["c"] }],
    });
    expect(fallbacksOf(plan(c, "a"), new ContextWindowExceededError("long"))).toEqual(["big"]);
    expect(fallbacksOf(plan(c, "a"), new ContentPolicyViolationError("no"))).toEqual(["c"]);
    const general = cfg({ fallbacks: [{ a: ["b"] }] });
    expect(fallbacksOf(plan(general, "a"), new ContextWindowExceededError("long"))).toEqual(["b"]);
  });

  test("default_fallbacks serve groups without an entry", () => {
    const c = cfg({ fallbacks: [{ b: ["c"] }], default_fallbacks: ["big"] });
    expect(fallbacksOf(plan(c, "a"))).toEqual(["big"]);
    expect(fallbacksOf(plan(c, "b"))).toEqual(["c"]);
  });

  test("the request's fallbacks replace the configured ones; disable_fallbacks turns them off", () => {
    const c = cfg({ fallbacks: [{ a: ["b"] }] });
    expect(fallbacksOf(plan(c, "a", { fallbacks: ["c", "big"] }))).toEqual(["c", "big"]);
    expect(fallbacksOf(plan(c, "a", { disableFallbacks: true }))).toEqual([]);
  });

  test("max_fallbacks caps the list; the group itself, repeats and unknown groups are dropped", () => {
    const c = cfg({ fallbacks: [{ a: ["a", "nope", "b", "b", "c", "big"] }], max_fallbacks: 2 });
    expect(fallbacksOf(plan(c, "a"))).toEqual(["b", "c"]);
  });
});

describe("route plan: access", () => {
  const c = cfg({ fallbacks: [{ a: ["b", "c"] }], context_window_fallbacks: [{ a: ["big"] }] });
  const allowed = (list: string[]) => (name: string) => list.includes(name);

  test("a fallback the caller may not use is left out, however it is reached", () => {
    const configured = plan(c, "a", {}, { allowed: allowed(["a", "c"]) });
    expect(fallbacksOf(configured)).toEqual(["c"]);
    expect(fallbacksOf(configured, new ContextWindowExceededError("long"))).toEqual([]);
    const requested = plan(c, "a", { fallbacks: ["big", "b"] }, { allowed: allowed(["a"]) });
    expect(fallbacksOf(requested)).toEqual([]);
    const byDefault = plan(cfg({ default_fallbacks: ["b", "big"] }), "a", {}, { allowed: allowed(["a", "big"]) });
    expect(fallbacksOf(byDefault)).toEqual(["big"]);
  });

  test("the caller's own aliases apply to fallback names as to the model", () => {
    const p = plan(c, "a", { fallbacks: ["cheap"] }, { aliases: { cheap: "c" }, allowed: allowed(["a", "c"]) });
    expect(fallbacksOf(p)).toEqual(["c"]);
  });

  test("admission prices exactly what the router can reach, through an alias and a wildcard", () => {
    const config = runtimeConfig({
      model_list: [
        ...deployments("a", [{}]),
        ...deployments("vendor/*", [{ model: "openai/*" }]),
        ...deployments("c", [{}]),
      ],
      router_settings: {
        model_group_alias: { fast: "a" },
        fallbacks: [{ fast: ["vendor/gpt-x", "c"] }],
      },
    });
    const p = plan(config, "fast", {}, { allowed: (n) => n !== "c" });
    const reachable = [p.primary, ...fallbacksAfter(p, boom)].flatMap((g) =>
      g.deployments.map((d) => `${d.id}:${d.model}`),
    );
    expect(reachable).toEqual(["a-d1:m", "vendor/*-d1:gpt-x"]);
    expect(planDeployments(p).map((d) => `${d.id}:${d.model}`)).toEqual(reachable);
  });
});

describe("route plan: operations and wildcards", () => {
  test("a group none of whose deployments can do the operation is a 400 naming the model and the operation", () => {
    const c = runtimeConfig({
      model_list: [
        {
          model_name: "embed",
          litellm_params: { model: "openai/text-embedding-3-small" },
          model_info: { mode: "embedding" },
        },
      ],
    });
    let err: unknown;
    try {
      planRoute(c, { model: "embed", operation: "chat", overrides: {} });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ status: 400, code: "unsupported_operation", param: "model" });
    expect((err as Error).message).toMatch(/"embed" does not support chat completions/);
    expect(planRoute(c, { model: "embed", operation: "embeddings", overrides: {} }).primary.name).toBe("embed");
  });

  test("the most specific wildcard wins whatever the config order", () => {
    const c = runtimeConfig({
      model_list: [
        { model_name: "*", litellm_params: { model: "openai/*" } },
        { model_name: "groq/*", litellm_params: { model: "groq/*" } },
        { model_name: "groq/llama-*", litellm_params: { model: "groq/llama-*" } },
      ],
    });
    expect(plan(c, "groq/llama-3").primary).toMatchObject({ name: "groq/llama-*" });
    expect(plan(c, "groq/mixtral").primary).toMatchObject({ name: "groq/*" });
    expect(plan(c, "gpt-4o").primary).toMatchObject({ name: "*" });
  });
});
