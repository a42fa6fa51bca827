import { describe, expect, it } from "vitest";
import { ChatCompletionRequest } from "../../../src/openai/chat-request.js";
import { MAX_JSON_DEPTH, pathPastDepth } from "../../../src/openai/client-limits.js";
import { deepSchemaText } from "../../helpers/hostile-bodies.js";

const withSchema = (depth: number) =>
  JSON.parse(
    `{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"name":"s","schema":${deepSchemaText(depth)}}}}`,
  );

describe("the request's nesting bound", () => {
  it("accepts a schema as deep as real clients write, refuses one past the limit naming where", () => {
    expect(ChatCompletionRequest.safeParse(withSchema(25)).success).toBe(true);
    const r = ChatCompletionRequest.safeParse(withSchema(10_000));
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(["response_format", "json_schema", "schema", "properties"]);
    expect(r.error!.issues[0]!.message).toBe(`nests deeper than ${MAX_JSON_DEPTH} levels`);
  });

  it("measures depth exactly, objects and arrays alike", () => {
    expect(pathPastDepth({ a: [{ b: 1 }] }, 3)).toBeUndefined();
    expect(pathPastDepth({ a: [{ b: [] }] }, 3)).toEqual(["a", 0, "b"]);
    expect(pathPastDepth("text", 0)).toBeUndefined();
  });
});
