import { describe, expect, it } from "vitest";
import { toGeminiSchema } from "../../../../src/providers/gemini/schema.js";

describe("gemini schema cleaning", () => {
  it("drops keywords Gemini rejects and upper-cases types", () => {
    expect(
      toGeminiSchema({
        $schema: "http://json-schema.org/draft-07/schema#",
        $id: "x",
        type: "object",
        additionalProperties: false,
        title: "T",
        properties: { n: { type: "number", exclusiveMinimum: 0, default: 1, examples: [2], minimum: 0, maximum: 9 } },
      }),
    ).toEqual({ type: "OBJECT", title: "T", properties: { n: { type: "NUMBER", minimum: 0, maximum: 9 } } });
  });

  it("turns nullable unions into nullable, and real unions into anyOf", () => {
    expect(toGeminiSchema({ anyOf: [{ type: "string" }, { type: "null" }], description: "d" })).toEqual({
      type: "STRING",
      nullable: true,
      description: "d",
    });
    expect(toGeminiSchema({ type: ["integer", "null"] })).toEqual({ type: "INTEGER", nullable: true });
    expect(toGeminiSchema({ oneOf: [{ type: "string" }, { type: "integer" }] })).toEqual({
      anyOf: [{ type: "STRING" }, { type: "INTEGER" }],
    });
    expect(toGeminiSchema({ type: ["string", "boolean"] })).toEqual({
      anyOf: [{ type: "STRING" }, { type: "BOOLEAN" }],
    });
  });

  it("inlines $ref/definitions and cuts recursion to a bare OBJECT", () => {
    const schema = {
      type: "object",
      properties: { root: { $ref: "#/definitions/node" } },
      definitions: {
        node: {
          type: "object",
          properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#/definitions/node" } } },
        },
      },
    };
    expect(toGeminiSchema(schema)).toEqual({
      type: "OBJECT",
      properties: {
        root: {
          type: "OBJECT",
          properties: { name: { type: "STRING" }, children: { type: "ARRAY", items: { type: "OBJECT" } } },
        },
      },
    });
  });

  it("maps const to a one-value enum, keeps only string enums and supported formats", () => {
    expect(toGeminiSchema({ const: "fixed" })).toEqual({ type: "STRING", enum: ["fixed"] });
    expect(toGeminiSchema({ type: "integer", enum: [1, 2], format: "int32" })).toEqual({
      type: "INTEGER",
      format: "int32",
    });
    expect(toGeminiSchema({ type: "string", format: "email" })).toEqual({ type: "STRING" });
    expect(toGeminiSchema({ type: "string", format: "date-time" })).toEqual({ type: "STRING", format: "date-time" });
  });

  it("merges allOf, filters required to declared properties, and gives arrays items", () => {
    expect(
      toGeminiSchema({
        allOf: [
          { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
          { properties: { b: { type: "boolean" } }, required: ["b", "ghost"] },
        ],
      }),
    ).toEqual({ type: "OBJECT", properties: { a: { type: "STRING" }, b: { type: "BOOLEAN" } }, required: ["a", "b"] });
    expect(toGeminiSchema({ type: "array" })).toEqual({ type: "ARRAY", items: { type: "STRING" } });
    expect(toGeminiSchema({ type: "array", items: [{ type: "number" }] })).toEqual({
      type: "ARRAY",
      items: { type: "NUMBER" },
    });
  });

  it("drops an empty properties map (Gemini rejects OBJECT with no properties listed)", () => {
    expect(
      toGeminiSchema({
        type: "object",
        properties: { meta: { type: "object", properties: {}, additionalProperties: true } },
      }),
    ).toEqual({ type: "OBJECT", properties: { meta: { type: "OBJECT" } } });
  });
});
