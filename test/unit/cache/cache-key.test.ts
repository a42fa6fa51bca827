import { describe, expect, it } from "vitest";
import { cacheKey, embeddingCacheKeys, embeddingItems, partitionHash } from "../../../src/cache/cache-key.js";
import { cacheScope } from "../../../src/cache/cache-scope.js";
import { canonicalJson } from "../../../src/cache/canonical-json.js";
import type { Principal } from "../../../src/state/principal.js";

const base = {
  model: "gpt-4o",
  messages: [
    { role: "system", content: "You are terse." },
    { role: "user", content: "What is the capital of France?" },
  ],
  temperature: 0,
};
const key = (body: Record<string, unknown>, over: Partial<{ scope: string; modelGroup: string }> = {}) =>
  cacheKey({ scope: "team:a", modelGroup: "gpt-4o", operation: "chat", body, ...over });

const virtual = (over: Partial<Extract<Principal, { kind: "virtual" }>>): Principal => ({
  kind: "virtual",
  keyHash: "k".repeat(64),
  keyAlias: null,
  keyName: "sk-...abcd",
  teamId: null,
  userId: null,
  models: [],
  aliases: {},
  metadata: {},
  accounts: [],
  ...over,
});

describe("cache key", () => {
  it("is a SHA-256 hex digest that never contains the prompt", async () => {
    const k = await key(base);
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(k).not.toContain("France");
  });

  it("does not depend on key order or JSON layout", async () => {
    const compact = JSON.parse(JSON.stringify(base));
    const pretty = JSON.parse(
      `{
        "temperature" : 0,
        "messages": [ {"content": "You are terse.", "role": "system"},
                      {"content": "What is the capital of France?",   "role": "user"} ],
        "model": "gpt-4o"
      }`,
    );
    expect(await key(pretty)).toBe(await key(compact));
    expect(canonicalJson({ b: [1, { d: 2, c: 3 }], a: "x" })).toBe('{"a":"x","b":[1,{"c":3,"d":2}]}');
  });

  it.each([
    ["messages", { messages: [{ role: "user", content: "What is the capital of Spain?" }] }],
    ["a message's role", { messages: [{ role: "user", content: "You are terse." }, base.messages[1]] }],
    ["tools", { tools: [{ type: "function", function: { name: "lookup", parameters: { type: "object" } } }] }],
    ["tool_choice", { tool_choice: "required" }],
    ["response_format", { response_format: { type: "json_object" } }],
    ["temperature", { temperature: 0.7 }],
    ["top_p", { top_p: 0.5 }],
    ["max_tokens", { max_tokens: 10 }],
    ["max_completion_tokens", { max_completion_tokens: 10 }],
    ["seed", { seed: 42 }],
    ["stop", { stop: ["\n"] }],
    ["n", { n: 2 }],
    ["reasoning_effort", { reasoning_effort: "high" }],
    ["thinking", { thinking: { type: "enabled", budget_tokens: 1024 } }],
    ["presence_penalty", { presence_penalty: 1 }],
    ["logit_bias", { logit_bias: { "50256": -100 } }],
    ["a parameter Switchyard does not know", { verbosity: "low" }],
  ])("changes with %s", async (_name, change) => {
    expect(await key({ ...base, ...change })).not.toBe(await key(base));
  });

  it.each([
    ["user", { user: "end-user-7" }],
    ["metadata", { metadata: { trace: "abc" } }],
    ["stream", { stream: true }],
    ["stream_options", { stream: true, stream_options: { include_usage: true } }],
    ["timeout", { timeout: 30 }],
    ["tags", { tags: ["batch"] }],
    ["cache controls", { cache: { "no-store": true, ttl: 60 } }],
    ["fallbacks and retries", { fallbacks: ["other"], num_retries: 3 }],
    ["a null field", { top_p: null }],
    ["the requested model name (the group decides)", { model: "gpt4-alias" }],
  ])("does not change with %s", async (_name, change) => {
    expect(await key({ ...base, ...change })).toBe(await key(base));
  });

  it("differs between model groups and between scopes: team A never shares with team B", async () => {
    expect(await key(base, { modelGroup: "claude" })).not.toBe(await key(base));
    const teamA = cacheScope(virtual({ teamId: "A" }), "team");
    const teamB = cacheScope(virtual({ teamId: "B", keyHash: "b".repeat(64) }), "team");
    expect(teamA).not.toBe(teamB);
    expect(await key(base, { scope: teamA })).not.toBe(await key(base, { scope: teamB }));
  });

  it("differs between operations that share a field name", async () => {
    const body = { model: "m", prompt: "hi" };
    const chat = await cacheKey({ scope: "s", modelGroup: "m", operation: "chat", body });
    const text = await cacheKey({ scope: "s", modelGroup: "m", operation: "text_completion", body });
    expect(chat).not.toBe(text);
  });

  it("a Messages or Responses body that reads like a chat body never shares chat's entry (each stores its own shape)", async () => {
    const chat = await cacheKey({ scope: "s", modelGroup: "m", operation: "chat", body: base });
    const messages = await cacheKey({ scope: "s", modelGroup: "m", operation: "messages", body: base });
    const responses = await cacheKey({ scope: "s", modelGroup: "m", operation: "responses", body: base });
    expect(new Set([chat, messages, responses]).size).toBe(3);
  });
});

describe("cache scope", () => {
  it("is the key's team, else the key; the master key is its own; global only when configured", () => {
    expect(cacheScope(virtual({ teamId: "T" }), "team")).toBe("team:T");
    expect(cacheScope(virtual({ teamId: null }), "team")).toBe(`key:${"k".repeat(64)}`);
    expect(cacheScope(virtual({ teamId: "T" }), "key")).toBe(`key:${"k".repeat(64)}`);
    expect(cacheScope({ kind: "master" }, "team")).toBe("master");
    expect(cacheScope({ kind: "master" }, "key")).toBe("master");
    expect(cacheScope(virtual({ teamId: "T" }), "global")).toBe("global");
    expect(cacheScope({ kind: "master" }, "global")).toBe("global");
  });

  it("two keys of one team share a scope; keys without a team do not", () => {
    const a = virtual({ teamId: "T", keyHash: "a".repeat(64) });
    const b = virtual({ teamId: "T", keyHash: "b".repeat(64) });
    expect(cacheScope(a, "team")).toBe(cacheScope(b, "team"));
    const loneA = virtual({ keyHash: "a".repeat(64) });
    const loneB = virtual({ keyHash: "b".repeat(64) });
    expect(cacheScope(loneA, "team")).not.toBe(cacheScope(loneB, "team"));
  });
});

describe("embedding keys", () => {
  const emb = (input: unknown, extra: Record<string, unknown> = {}) =>
    embeddingCacheKeys({ scope: "s", modelGroup: "e", body: { model: "e", input, ...extra } });

  it("one key per input, the same for an input wherever it sits in a batch", async () => {
    const [a, b] = await emb(["alpha", "beta"]);
    const [b2, c] = await emb(["beta", "gamma"]);
    expect(b2).toBe(b);
    expect(new Set([a, b, c]).size).toBe(3);
    expect(await emb("alpha")).toEqual([a]);
  });

  it("the other fields still count: dimensions and encoding_format change every input's key", async () => {
    const [plain] = await emb(["alpha"]);
    const [dims] = await emb(["alpha"], { dimensions: 256 });
    const [b64] = await emb(["alpha"], { encoding_format: "base64" });
    const [user] = await emb(["alpha"], { user: "u" });
    expect(dims).not.toBe(plain);
    expect(b64).not.toBe(plain);
    expect(user).toBe(plain);
  });

  it("reads OpenAI's four input forms", () => {
    expect(embeddingItems("a")).toEqual(["a"]);
    expect(embeddingItems(["a", "b"])).toEqual(["a", "b"]);
    expect(embeddingItems([1, 2, 3])).toEqual([[1, 2, 3]]);
    expect(embeddingItems([[1], [2, 3]])).toEqual([[1], [2, 3]]);
  });
});

describe("semantic partition", () => {
  it("leaves the prompt out but keeps tools, parameters, scope and namespace", async () => {
    const p = (body: Record<string, unknown>, over: Partial<{ scope: string; namespace: string }> = {}) =>
      partitionHash({ scope: "s", modelGroup: "m", operation: "chat", body, namespace: "default", ...over });
    const other = { ...base, messages: [{ role: "user", content: "Capital of France?" }] };
    expect(await p(other)).toBe(await p(base));
    expect(await p({ ...base, temperature: 1 })).not.toBe(await p(base));
    expect(await p({ ...base, tools: [{ type: "function", function: { name: "f" } }] })).not.toBe(await p(base));
    expect(await p(base, { scope: "t" })).not.toBe(await p(base));
    expect(await p(base, { namespace: "n2" })).not.toBe(await p(base));
  });
});
