import { describe, expect, it } from "vitest";
import type { GatewayError } from "../../../src/errors/gateway-error.js";
import { parseResponsesRequest } from "../../../src/responses/parse.js";

function rejects(body: unknown): GatewayError {
  try {
    parseResponsesRequest(typeof body === "string" ? body : JSON.stringify(body));
  } catch (e) {
    return e as GatewayError;
  }
  throw new Error("expected a 400");
}

describe("Responses request schema", () => {
  it("accepts every documented field and keeps unknown ones", () => {
    const body = {
      model: "gpt-group",
      instructions: "Be brief.",
      input: [
        { role: "user", content: "Hi" },
        {
          type: "message",
          role: "user",
          content: [
            { type: "input_text", text: "What is this?" },
            { type: "input_image", image_url: "https://x/cat.png", detail: "high" },
            { type: "input_file", file_data: "data:application/pdf;base64,JVBER", filename: "a.pdf" },
          ],
        },
        { type: "function_call", call_id: "c1", name: "f", arguments: "{}" },
        { type: "function_call_output", call_id: "c1", output: "42" },
        { type: "reasoning", id: "rs_1", summary: [{ type: "summary_text", text: "hm" }], encrypted_content: "x" },
        { type: "web_search_call", id: "ws_1", status: "completed", action: { type: "search" } },
      ],
      tools: [
        { type: "function", name: "f", parameters: { type: "object" }, strict: true },
        { type: "web_search" },
        { type: "file_search", vector_store_ids: ["vs_1"] },
      ],
      tool_choice: { type: "allowed_tools", mode: "auto", tools: [{ type: "function", name: "f" }] },
      text: {
        format: { type: "json_schema", name: "out", schema: { type: "object" }, strict: true },
        verbosity: "low",
      },
      reasoning: { effort: "high", summary: "auto" },
      max_output_tokens: 500,
      temperature: 0.2,
      top_p: 0.9,
      parallel_tool_calls: false,
      metadata: { ticket: "42" },
      user: "u1",
      store: false,
      previous_response_id: "resp_1",
      stream: true,
      background: false,
      prompt_cache_key: "k",
      brand_new_param: { x: 1 },
    };
    const r = parseResponsesRequest(JSON.stringify(body));
    expect(r.brand_new_param).toEqual({ x: 1 });
    expect(r.prompt_cache_key).toBe("k");
    expect(r.input).toHaveLength(6);
    expect((r.input as Array<{ type: string }>)[0]!.type).toBe("message");
    expect((r.input as Array<{ type: string }>)[5]).toMatchObject({
      type: "web_search_call",
      action: { type: "search" },
    });
  });

  it("accepts input as a plain string", () => {
    expect(parseResponsesRequest('{"model":"m","input":"Hello"}').input).toBe("Hello");
  });

  it.each([
    [{ input: "x" }, "model", "model: required"],
    [
      { model: "m", input: [{ role: "user", content: [{ type: "input_text" }] }] },
      "input[0].content[0].text",
      "required",
    ],
    [{ model: "m", input: [{ type: "function_call", call_id: "c", arguments: "{}" }] }, "input[0].name", "required"],
    [{ model: "m", input: [{ type: "function_call_output", output: "x" }] }, "input[0].call_id", "required"],
    [{ model: "m", input: [{ role: "robot", content: "x" }] }, "input[0].role", "Invalid option"],
    [{ model: "m", tools: [{ type: "function" }] }, "tools[0].name", "required"],
    [{ model: "m", tool_choice: { type: "function" } }, "tool_choice.name", "required"],
    [{ model: "m", text: { format: { type: "json_schema", schema: {} } } }, "text.format.name", "required"],
    [{ model: "m", temperature: 3 }, "temperature", "<=2"],
    [{ model: "m", max_output_tokens: 0 }, "max_output_tokens", ">0"],
    [{ model: "m", reasoning: { effort: "extreme" } }, "reasoning.effort", "Invalid option"],
  ])("rejects %j with a 400 naming %s", (body, param, text) => {
    const e = rejects(body);
    expect(e.status).toBe(400);
    expect(e.param).toBe(param);
    expect(e.message).toContain(param);
    expect(e.message).toContain(text);
  });

  it("rejects malformed JSON and non-object bodies", () => {
    expect(rejects("{").code).toBe("invalid_json");
    expect(rejects("[1]").message).toBe("request body must be a JSON object");
  });
});
