import type { ChatCompletionRequest, FunctionTool } from "../../openai/chat-request.js";
import type { Deployment } from "../deployment.js";
import { BadRequestError } from "../../errors/gateway-error.js";
import type { OllamaTool } from "./api.js";

const EMPTY_SCHEMA = { type: "object", properties: {} };

function toOllamaTool(t: FunctionTool): OllamaTool {
  const fn: OllamaTool["function"] = { name: t.function.name, parameters: t.function.parameters ?? EMPTY_SCHEMA };
  if (t.function.description !== undefined) fn.description = t.function.description;
  return { type: "function", function: fn };
}

/**
 * Tools for Ollama, which has no tool_choice: "auto" is its only behaviour, and "none" is
 * honoured by not offering the tools. "required" or a named function cannot be enforced: a 400
 * naming tool_choice, unless the deployment sets drop_params (then a named function is the
 * only tool offered, and "required" is sent as "auto").
 */
export function toOllamaTools(req: ChatCompletionRequest, deployment: Deployment): OllamaTool[] | undefined {
  let tools = req.tools ?? [];
  const choice = req.tool_choice;
  if (choice === "none") return undefined;
  if (choice === "required" || (choice && typeof choice === "object")) {
    if (deployment.params.drop_params !== true) {
      throw new BadRequestError(
        `ollama cannot force a tool call (tool_choice ${JSON.stringify(choice)}); use "auto" or set drop_params`,
        {
          param: "tool_choice",
          code: "unsupported_parameter",
        },
      );
    }
    if (typeof choice === "object") tools = tools.filter((t) => t.function.name === choice.function.name);
  }
  return tools.length ? tools.map(toOllamaTool) : undefined;
}
