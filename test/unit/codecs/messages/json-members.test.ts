import { describe, expect, it } from "vitest";
import { editJsonObject } from "../../../../src/providers/shared/json-members.js";
import { fixtureText } from "../../../helpers/fixtures.js";

describe("editing a JSON object's top-level members in place", () => {
  const text =
    '{\n  "model": "group",\n  "n": 1.50, "s": "\\u00e9\\"}",\n  "nested": {"model": "keep", "a": [1, {"b": "}"}]},\n  "stream": true\n}\n';

  it("changes only the members it sets or removes, byte for byte elsewhere", () => {
    const out = editJsonObject(text, { set: { model: "claude-x" }, remove: ["stream"] });
    expect(out).toBe(
      '{\n  "model": "claude-x",\n  "n": 1.50, "s": "\\u00e9\\"}",\n  "nested": {"model": "keep", "a": [1, {"b": "}"}]}\n}\n',
    );
    expect(JSON.parse(out)).toEqual({ ...JSON.parse(text), model: "claude-x", stream: undefined });
  });

  it("appends new members, removes with undefined, and handles an empty object", () => {
    expect(editJsonObject('{"a":1}', { set: { b: [2], a: undefined } })).toBe('{"b":[2]}');
    expect(editJsonObject("{ }", { set: { v: "x" } })).toBe('{"v":"x" }');
    expect(editJsonObject('{"a":1,"a":2}', { set: { a: 3 } })).toBe('{"a":3,"a":3}');
  });

  it("keeps a recorded Claude Code body intact apart from the model", () => {
    const body = fixtureText("anthropic-messages/claude-code.request.json");
    const out = editJsonObject(body, { set: { model: "vendor-id" } });
    expect(out.replace('"model": "vendor-id"', '"model": "claude-sonnet-4-5-20250929"')).toBe(body);
  });

  it("refuses a top level that is not an object", () => {
    expect(() => editJsonObject("[1]", {})).toThrow(/not an object/);
  });
});
