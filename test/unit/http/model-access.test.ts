import { describe, expect, it } from "vitest";
import { intersectAllowLists, matchesPattern, modelAllowed } from "../../../src/access/model-access.js";
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
