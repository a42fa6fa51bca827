import type { ChatCompletionRequest, FunctionTool } from "../../openai/chat-request.js";
import { cacheControlOf } from "./content-parts.js";

/**
 * JSON mode (response_format json_object / json_schema) is a tool the model is made to call:
 * its `input` is the JSON answer, returned to the client as the message content (not as a tool call).
 * Chosen over Anthropic's structured-output beta because it works on every Claude model and on Vertex.
 */
export const JSON_TOOL_NAME = "json_tool_call";

export type AnthropicTool = Record<string, unknown> & { name: string };
export type AnthropicToolChoice = {
  type: "auto" | "any" | "none" | "tool";
  name?: string;
  disable_parallel_tool_use?: boolean;
};

function toolOf(t: FunctionTool): AnthropicTool {
  const tool: AnthropicTool = {
    name: t.function.name,
    input_schema: t.function.parameters ?? { type: "object", properties: {} },
  };
  if (t.function.description) tool.description = t.function.description;
  const cc = cacheControlOf(t) ?? cacheControlOf(t.function);
  if (cc) tool.cache_control = cc;
  return tool;
}

/** The forced JSON tool, when the request asks for JSON output. */
export function jsonTool(req: ChatCompletionRequest): AnthropicTool | undefined {
  const rf = req.response_format;
  if (!rf || rf.type === "text") return undefined;
  if (rf.type === "json_object") {
    return {
      name: JSON_TOOL_NAME,
      description: "Respond with a JSON object.",
      input_schema: { type: "object", additionalProperties: true },
    };
  }
  return {
    name: JSON_TOOL_NAME,
    description:
      rf.json_schema.description ?? `Respond with a JSON object matching the "${rf.json_schema.name}" schema.`,
    input_schema: rf.json_schema.schema ?? { type: "object", additionalProperties: true },
  };
}

/** Whether the response's `json_tool_call` is the JSON answer (vs. an ordinary tool the client defined). */
export function usesJsonTool(req: ChatCompletionRequest): boolean {
  return jsonTool(req) !== undefined && !(req.tools ?? []).some((t) => t.function.name === JSON_TOOL_NAME);
}

function choiceOf(req: ChatCompletionRequest): AnthropicToolChoice | undefined {
  const c = req.tool_choice;
  if (c == null) return undefined;
  if (c === "auto") return { type: "auto" };
  if (c === "none") return { type: "none" };
  if (c === "required") return { type: "any" };
  return { type: "tool", name: c.function.name };
}

/**
 * tools + tool_choice. `required` → any, a named function → tool, parallel_tool_calls:false →
 * disable_parallel_tool_use. JSON mode adds the JSON tool; with no client tools it is forced
 * (or offered with `auto` when thinking is on, since Anthropic rejects forced tools with thinking).
 */
export function convertTools(
  req: ChatCompletionRequest,
  opts: { thinking: boolean },
): { tools?: AnthropicTool[]; tool_choice?: AnthropicToolChoice } {
  const tools = (req.tools ?? []).map(toolOf);
  let choice = choiceOf(req);
  const json = usesJsonTool(req) ? jsonTool(req) : undefined;
  if (json) {
    if (tools.length === 0) choice = opts.thinking ? { type: "auto" } : { type: "tool", name: JSON_TOOL_NAME };
    tools.push(json);
  }
  if (tools.length === 0) return {};
  if (req.parallel_tool_calls === false && choice?.type !== "none") {
    choice = { ...(choice ?? { type: "auto" }), disable_parallel_tool_use: true };
  }
  return choice ? { tools, tool_choice: choice } : { tools };
}
