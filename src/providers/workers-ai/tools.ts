import type { ChatCompletionRequest } from "../../openai/chat-request.js";

/**
 * Tools for the binding, which takes OpenAI-shaped tools but no tool_choice: "none" is honoured
 * by offering no tools, a named function by offering only that one; "required" cannot be
 * enforced there and is sent as plain tools. (The REST transport forwards tool_choice as sent.)
 */
export function toBindingTools(req: ChatCompletionRequest): unknown[] | undefined {
  const choice = req.tool_choice;
  if (choice === "none") return undefined;
  let tools = req.tools ?? [];
  if (choice && typeof choice === "object") tools = tools.filter((t) => t.function.name === choice.function.name);
  if (!tools.length) return undefined;
  return tools.map((t) => ({
    type: "function",
    function: {
      name: t.function.name,
      ...(t.function.description !== undefined ? { description: t.function.description } : {}),
      parameters: t.function.parameters ?? { type: "object", properties: {} },
    },
  }));
}
