import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../../src/errors/gateway-error.js";
import { MAX_SCHEMA_NODES } from "../../../../src/openai/client-limits.js";
import { toGeminiSchema } from "../../../../src/providers/gemini/schema.js";

/** A schema of `levels` definitions, each naming the next one twice (doubles per level once inlined). */
function doublingSchema(levels: number): Record<string, unknown> {
  const $defs: Record<string, unknown> = { [`d${levels}`]: { type: "string" } };
  for (let i = 0; i < levels; i++) {
    const next = { $ref: `#/$defs/d${i + 1}` };
    $defs[`d${i}`] = { type: "object", properties: { a: next, b: next } };
  }
  return { type: "object", properties: { root: { $ref: "#/$defs/d0" } }, $defs };
}

function thrown(f: () => unknown): GatewayError {
  try {
    f();
  } catch (e) {
    if (e instanceof GatewayError) return e;
    throw e;
  }
  throw new Error("expected a GatewayError");
}

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

  it("refuses a schema whose $refs inline past the node budget with a 400 naming the field and the limit", () => {
    const e = thrown(() => toGeminiSchema(doublingSchema(20), "tools[0].function.parameters"));
    expect(e.status).toBe(400);
    expect(e.code).toBe("schema_too_complex");
    expect(e.param).toBe("tools[0].function.parameters");
    expect(e.message).toContain(`${MAX_SCHEMA_NODES} nodes`);
  });

  it("still inlines a definition shared by several properties when the result is small", () => {
    const out = toGeminiSchema(doublingSchema(3));
    expect(JSON.stringify(out).match(/STRING/g)).toHaveLength(8);
  });

  it("refuses a chain of definitions deeper than the depth limit instead of exhausting the stack", () => {
    const $defs: Record<string, unknown> = {};
    for (let i = 0; i < 5000; i++) $defs[`d${i}`] = { type: "array", items: { $ref: `#/$defs/d${i + 1}` } };
    expect(thrown(() => toGeminiSchema({ $ref: "#/$defs/d0", $defs })).code).toBe("schema_too_complex");
  });

  it("treats a $ref with bad percent-encoding or naming an inherited property as unresolved", () => {
    expect(toGeminiSchema({ type: "object", properties: { x: { $ref: "#/$defs/%" } }, $defs: {} })).toEqual({
      type: "OBJECT",
      properties: { x: { type: "OBJECT" } },
    });
    expect(toGeminiSchema({ properties: { x: { $ref: "#/$defs/constructor" } } })).toEqual({
      type: "OBJECT",
      properties: { x: { type: "OBJECT" } },
    });
  });

  it("ends a definition that includes itself through allOf", () => {
    const schema = {
      $ref: "#/$defs/a",
      $defs: { a: { allOf: [{ $ref: "#/$defs/a" }, { properties: { n: { type: "number" } } }] } },
    };
    expect(toGeminiSchema(schema)).toEqual({ type: "OBJECT", properties: { n: { type: "NUMBER" } } });
  });
});
