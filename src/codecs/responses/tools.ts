import { BadRequestError, type GatewayError } from "../../errors/gateway-error.js";
import type { FunctionTool, ToolChoice } from "../../openai/chat-request.js";
import { isFunctionTool, type ResponsesToolChoice, type Tool } from "../../responses/tools.js";

/**
 * Responses tools → chat tools. Function tools map one to one (the Responses shape is flat, chat nests
 * it under `function`). Every other tool (web_search, file_search, code_interpreter, computer_use, mcp,
 * image_generation, ...) is run by OpenAI itself, so a deployment reached through translation cannot
 * carry it: a 400 naming the tool.
 */
export function chatTools(tools: Tool[] | null | undefined, target: string): FunctionTool[] | undefined {
  if (!tools?.length) return undefined;
  return tools.map((t, i) => {
    if (!isFunctionTool(t)) throw hostedToolError(t.type, `tools[${i}]`, target);
    const fn: FunctionTool["function"] = { name: t.name };
    if (t.description != null) fn.description = t.description;
    if (t.parameters != null) fn.parameters = t.parameters;
    if (t.strict != null) fn.strict = t.strict;
    return { type: "function", function: fn };
  });
}

/**
 * Responses tool_choice → chat tool_choice, and the tools it leaves available. `allowed_tools` narrows
 * the list to the named functions and keeps its mode; forcing a hosted tool is refused like the tool.
 */
export function chatToolChoice(
  choice: ResponsesToolChoice | null | undefined,
  tools: FunctionTool[] | undefined,
  target: string,
): { toolChoice?: ToolChoice; tools?: FunctionTool[] } {
  if (choice == null) return { tools };
  if (typeof choice === "string") return { toolChoice: choice, tools };
  if (choice.type === "function" && "name" in choice && typeof choice.name === "string")
    return { toolChoice: { type: "function", function: { name: choice.name } }, tools };
  if (choice.type === "allowed_tools" && "mode" in choice && Array.isArray(choice.tools)) {
    const names = new Set<string>();
    for (const t of choice.tools as Array<{ type: string; name?: unknown }>) {
      if (t.type !== "function") throw hostedToolError(t.type, "tool_choice.tools", target);
      if (typeof t.name === "string") names.add(t.name);
    }
    const allowed = (tools ?? []).filter((t) => names.has(t.function.name));
    if (!allowed.length) return {};
    return { toolChoice: choice.mode === "required" ? "required" : "auto", tools: allowed };
  }
  throw hostedToolError(choice.type, "tool_choice", target);
}

function hostedToolError(type: string, param: string, target: string): GatewayError {
  return new BadRequestError(
    `tool "${type}" is run by OpenAI and is only available on OpenAI or Azure deployments; ${target} cannot carry it (use function tools)`,
    { param, code: "unsupported_tool" },
  );
}
