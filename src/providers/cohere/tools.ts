import type { ChatCompletionRequest, FunctionTool } from "../../openai/chat-request.js";
import { BadRequestError } from "../../errors/gateway-error.js";
import type { CohereTool } from "./api.js";

const EMPTY_SCHEMA = { type: "object", properties: {} };

function toCohereTool(t: FunctionTool): CohereTool {
  const fn: CohereTool["function"] = { name: t.function.name, parameters: t.function.parameters ?? EMPTY_SCHEMA };
  if (t.function.description !== undefined) fn.description = t.function.description;
  return { type: "function", function: fn };
}

export interface CohereToolFields {
  tools?: CohereTool[];
  tool_choice?: "REQUIRED" | "NONE";
  strict_tools?: boolean;
}

/**
 * Tools are OpenAI-shaped in v2. tool_choice: auto → omitted, required → REQUIRED, none → NONE.
 * Cohere cannot name one function, so a named choice is sent as REQUIRED with only that tool
 * offered: the model must call it, which is what the client asked for.
 */
export function toCohereTools(req: ChatCompletionRequest): CohereToolFields {
  let tools = req.tools ?? [];
  const choice = req.tool_choice;
  const out: CohereToolFields = {};
  if (choice && typeof choice === "object") {
    const name = choice.function.name;
    tools = tools.filter((t) => t.function.name === name);
    if (!tools.length)
      throw new BadRequestError(`tool_choice names "${name}", which is not in tools`, {
        param: "tool_choice",
        code: "invalid_tool_choice",
      });
    out.tool_choice = "REQUIRED";
  } else if (choice === "required") out.tool_choice = "REQUIRED";
  else if (choice === "none") out.tool_choice = "NONE";
  if (!tools.length) {
    // Cohere rejects tool_choice without tools; with no tools "none" is already true.
    delete out.tool_choice;
    if (choice === "required")
      throw new BadRequestError(`tool_choice "required" needs tools`, {
        param: "tool_choice",
        code: "invalid_tool_choice",
      });
    return out;
  }
  out.tools = tools.map(toCohereTool);
  if (tools.some((t) => t.function.strict === true)) out.strict_tools = true;
  return out;
}
