import type { ChatCompletionRequest } from "../../openai/chat-request.js";
import type { ToolChoiceIn, ToolConfig, ToolSpec } from "./api.js";

/** The tool that carries a response_format answer (its input is the JSON content). */
export const JSON_TOOL_NAME = "json_tool_call";

const ANY_OBJECT: Record<string, unknown> = { type: "object", properties: {}, additionalProperties: true };

/** response_format json_schema / json_object → the forced tool's input schema. */
export function jsonModeOf(
  req: ChatCompletionRequest,
): { schema: Record<string, unknown>; description?: string } | undefined {
  const rf = req.response_format;
  if (!rf || rf.type === "text") return undefined;
  if (rf.type === "json_object") return { schema: ANY_OBJECT, description: "Respond with a JSON object." };
  return {
    schema: rf.json_schema.schema ?? ANY_OBJECT,
    description: rf.json_schema.description ?? `Respond with JSON matching the schema "${rf.json_schema.name}".`,
  };
}

function spec(name: string, schema: Record<string, unknown> | undefined, description?: string): ToolSpec {
  return {
    toolSpec: {
      name,
      ...(description ? { description } : {}),
      inputSchema: { json: schema ?? { type: "object", properties: {} } },
    },
  };
}

function choiceOf(c: ChatCompletionRequest["tool_choice"]): ToolChoiceIn | undefined {
  if (c == null) return undefined;
  if (c === "auto") return { auto: {} };
  if (c === "required") return { any: {} };
  if (c === "none") return undefined;
  return { tool: { name: c.function.name } };
}

/**
 * tools / tool_choice / response_format → toolConfig. tool_choice "none" leaves the tools out.
 * JSON mode adds a tool and forces it (or only offers it when extended thinking is on, since
 * Claude refuses forced tool use while thinking). When no tools go out but the history holds
 * tool blocks, Bedrock still needs a toolConfig: the tools named in the history are declared.
 */
export function buildToolConfig(
  req: ChatCompletionRequest,
  opts: { thinking: boolean; history: { used: boolean; names: string[] } },
): ToolConfig | undefined {
  const tools: ToolConfig["tools"] = [];
  if (req.tool_choice !== "none") {
    for (const t of req.tools ?? []) {
      tools.push(spec(t.function.name, t.function.parameters, t.function.description));
      if (t.cache_control) tools.push({ cachePoint: { type: "default" } });
    }
  }
  let toolChoice = req.tool_choice === "none" ? undefined : choiceOf(req.tool_choice);
  const json = jsonModeOf(req);
  if (json) {
    tools.push(spec(JSON_TOOL_NAME, json.schema, json.description));
    toolChoice = opts.thinking ? { auto: {} } : { tool: { name: JSON_TOOL_NAME } };
  }
  if (tools.length === 0) {
    if (!opts.history.used) return undefined;
    for (const name of opts.history.names) tools.push(spec(name, undefined));
    if (tools.length === 0) return undefined;
    return { tools };
  }
  return toolChoice ? { tools, toolChoice } : { tools };
}
