import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../src/errors/gateway-error.js";
import { parseChatRequest } from "../../../src/pipeline/parse-request.js";
import { MAX_JSON_DEPTH, pathPastDepth } from "../../../src/openai/client-limits.js";
import { deepSchemaText } from "../../helpers/hostile-bodies.js";

const withSchema = (depth: number) =>
  `{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"name":"s","schema":${deepSchemaText(depth)}}}}`;

describe("the request's nesting bound", () => {
  it("accepts a schema as deep as real clients write, refuses one past the limit naming where", () => {
    expect(parseChatRequest(withSchema(25)).response_format).toBeDefined();
    let err: unknown;
    try {
      parseChatRequest(withSchema(10_000));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ status: 400, param: "response_format.json_schema.schema.properties" });
    expect((err as Error).message).toContain(`nests deeper than ${MAX_JSON_DEPTH} levels`);
  });

  it("measures depth exactly, objects and arrays alike", () => {
    expect(pathPastDepth({ a: [{ b: 1 }] }, 3)).toBeUndefined();
    expect(pathPastDepth({ a: [{ b: [] }] }, 3)).toEqual(["a", 0, "b"]);
    expect(pathPastDepth("text", 0)).toBeUndefined();
  });
});
