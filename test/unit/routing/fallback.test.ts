import { describe, expect, test } from "vitest";
import {
  ContentPolicyViolationError,
  ContextWindowExceededError,
  InternalServerError,
} from "../../../src/errors/gateway-error.js";
import { fallbackGroups } from "../../../src/routing/fallback.js";
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

describe("fallbacks", () => {
  test("the group's entry, in order", () => {
    const c = cfg({ fallbacks: [{ x: ["nope"] }, { a: ["b", "c"] }] });
    expect(fallbackGroups(c, { group: "a", requested: "a", error: boom, overrides: {} })).toEqual(["b", "c"]);
  });

  test("an alias finds the entry under its own name or its target's", () => {
    const c = cfg({ fallbacks: [{ a: ["b"] }], model_group_alias: { fast: "a" } });
    expect(fallbackGroups(c, { group: "a", requested: "fast", error: boom, overrides: {} })).toEqual(["b"]);
  });

  test("litellm_settings.fallbacks when router_settings has none", () => {
    const c = cfg({}, { fallbacks: [{ a: ["c"] }] });
    expect(fallbackGroups(c, { group: "a", requested: "a", error: boom, overrides: {} })).toEqual(["c"]);
  });

  test("context-window and content-policy errors use their own lists, else the general one", () => {
    const c = cfg({
      fallbacks: [{ a: ["b"] }],
      context_window_fallbacks: [{ a: ["big"] }],
      content_policy_fallbacks: [{ a: ["c"] }],
    });
    expect(
      fallbackGroups(c, { group: "a", requested: "a", error: new ContextWindowExceededError("long"), overrides: {} }),
    ).toEqual(["big"]);
    expect(
      fallbackGroups(c, { group: "a", requested: "a", error: new ContentPolicyViolationError("no"), overrides: {} }),
    ).toEqual(["c"]);
    const general = cfg({ fallbacks: [{ a: ["b"] }] });
    expect(
      fallbackGroups(general, {
        group: "a",
        requested: "a",
        error: new ContextWindowExceededError("long"),
        overrides: {},
      }),
    ).toEqual(["b"]);
  });

  test("default_fallbacks serve groups without an entry", () => {
    const c = cfg({ fallbacks: [{ b: ["c"] }], default_fallbacks: ["big"] });
    expect(fallbackGroups(c, { group: "a", requested: "a", error: boom, overrides: {} })).toEqual(["big"]);
    expect(fallbackGroups(c, { group: "b", requested: "b", error: boom, overrides: {} })).toEqual(["c"]);
  });

  test("the request's fallbacks replace the configured ones; disable_fallbacks turns them off", () => {
    const c = cfg({ fallbacks: [{ a: ["b"] }] });
    expect(
      fallbackGroups(c, { group: "a", requested: "a", error: boom, overrides: { fallbacks: ["c", "big"] } }),
    ).toEqual(["c", "big"]);
    expect(
      fallbackGroups(c, { group: "a", requested: "a", error: boom, overrides: { disableFallbacks: true } }),
    ).toEqual([]);
  });

  test("max_fallbacks caps the list; the group itself and repeats are dropped", () => {
    const c = cfg({ fallbacks: [{ a: ["a", "b", "b", "c", "big"] }], max_fallbacks: 2 });
    expect(fallbackGroups(c, { group: "a", requested: "a", error: boom, overrides: {} })).toEqual(["b", "c"]);
  });
});
