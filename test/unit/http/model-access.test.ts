import { describe, expect, it } from "vitest";
import {
  accessGroupsOf,
  intersectAllowLists,
  listAllows,
  matchesPattern,
  modelAllowed,
} from "../../../src/access/model-access.js";
import type { Principal } from "../../../src/state/principal.js";

const principal = (models: string[]): Principal => ({
  kind: "virtual",
  keyHash: "h",
  keyAlias: null,
  keyName: "sk-...abcd",
  teamId: null,
  userId: null,
  models,
  aliases: {},
  metadata: {},
  accounts: [],
});

describe("model allow-lists", () => {
  it("matches names and * patterns", () => {
    expect(matchesPattern("openai/*", "openai/gpt-4o")).toBe(true);
    expect(matchesPattern("gpt-4*", "gpt-4o-mini")).toBe(true);
    expect(matchesPattern("gpt-4o", "gpt-4o-mini")).toBe(false);
    expect(matchesPattern("a.b", "aXb")).toBe(false);
  });

  it("an empty list allows everything; key ∩ team keeps only what both allow", () => {
    expect(intersectAllowLists([], ["a"])).toEqual(["a"]);
    expect(intersectAllowLists(["a"], [])).toEqual(["a"]);
    expect(intersectAllowLists(["gpt-4o", "claude"], ["gpt-*"])).toEqual(["gpt-4o"]);
    expect(intersectAllowLists(["openai/*"], ["openai/gpt-4o", "anthropic/x"])).toEqual(["openai/gpt-4o"]);
    expect(intersectAllowLists(["gpt-4*"], ["gpt-*"])).toEqual(["gpt-4*"]);
  });

  it("disjoint lists allow nothing (not everything)", () => {
    const none = intersectAllowLists(["team-a-model"], ["team-b-model"]);
    expect(modelAllowed(principal(none), "team-a-model")).toBe(false);
    expect(modelAllowed(principal(none), "team-b-model")).toBe(false);
    expect(modelAllowed(principal(none), "anything")).toBe(false);
  });

  it("partially overlapping patterns are dropped rather than widened", () => {
    const both = intersectAllowLists(["gpt-*"], ["*-mini"]);
    expect(modelAllowed(principal(both), "claude-mini")).toBe(false);
    expect(modelAllowed(principal(both), "gpt-4o")).toBe(false);
  });
});

/** A virtual principal with the given allow-lists (key, team, ...). */
const withLists = (lists: string[][]): Principal => ({ ...principal(lists[0] ?? []), allowLists: lists }) as Principal;

describe("model access groups", () => {
  const cfg = {
    deployments: [
      { modelName: "gpt-4o", modelInfo: { access_groups: ["beta", "openai"] } },
      { modelName: "claude", modelInfo: { access_groups: ["beta"] } },
      { modelName: "groq/*", modelInfo: { access_groups: ["fast"] } },
      { modelName: "o3", modelInfo: {} },
    ],
  };
  const access = accessGroupsOf(cfg);

  it("a list naming a group allows the group's models (wildcard groups by pattern), and nothing else", () => {
    expect(access.names).toEqual(["beta", "openai", "fast"]);
    expect(access.of("groq/llama-3")).toEqual(["fast"]);
    const p = withLists([["beta"]]);
    expect(modelAllowed(p, "gpt-4o", access)).toBe(true);
    expect(modelAllowed(p, "claude", access)).toBe(true);
    expect(modelAllowed(p, "o3", access)).toBe(false);
    expect(modelAllowed(p, "gpt-4o")).toBe(false); // without the config, a group name is only a name
    expect(modelAllowed(withLists([["fast"]]), "groq/llama-3", access)).toBe(true);
  });

  it("every list must allow the model: a key's group inside a team's list", () => {
    const p = withLists([["beta"], ["gpt-4o", "o3"]]);
    expect(modelAllowed(p, "gpt-4o", access)).toBe(true);
    expect(modelAllowed(p, "claude", access)).toBe(false);
    expect(listAllows([], "anything", access)).toBe(true);
  });
});
