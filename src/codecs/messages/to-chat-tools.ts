import type { ChatCompletionRequest, FunctionTool } from "../../openai/chat-request.js";
import { isCustomTool, type Tool, type ToolChoice } from "../../anthropic/tools.js";
import type { NotCarried } from "./to-chat-content.js";

type ChatTools = Pick<ChatCompletionRequest, "tools" | "tool_choice" | "parallel_tool_calls">;

/** A client tool → a chat function tool: input_schema becomes parameters; cache_control and strict ride along. */
function functionTool(t: Extract<Tool, { input_schema: unknown }>): FunctionTool {
  const fn: FunctionTool["function"] = { name: t.name, parameters: t.input_schema };
  if (t.description !== undefined) fn.description = t.description;
  if (t.strict !== undefined) fn.strict = t.strict;
  const tool: FunctionTool = { type: "function", function: fn };
  return t.cache_control ? { ...tool, cache_control: t.cache_control } : tool;
}

/**
 * tools and tool_choice → chat. Versioned Anthropic tools (web_search_*, bash_*, text_editor_*, ...) only
 * Claude understands: they are not carried (and a tool_choice naming one is dropped with them).
 * tool_choice: auto → "auto", any → "required", none → "none", tool → that function;
 * disable_parallel_tool_use → parallel_tool_calls: false.
 */
export function toChatTools(opts: {
  tools: readonly Tool[] | undefined;
  toolChoice: ToolChoice | undefined;
  notCarried: NotCarried;
}): ChatTools {
  const out: ChatTools = {};
  const kept: FunctionTool[] = [];
  (opts.tools ?? []).forEach((t, i) => {
    if (isCustomTool(t) && "input_schema" in t) kept.push(functionTool(t));
    else opts.notCarried(`tools[${i}] (${t.type} "${t.name}")`);
  });
  if (kept.length > 0) out.tools = kept;
  const c = opts.toolChoice;
  if (!c) return out;
  if (kept.length === 0) {
    if (c.type !== "auto" && c.type !== "none") opts.notCarried(`tool_choice (${c.type}: no tool it could apply to)`);
    return out;
  }
  switch (c.type) {
    case "auto":
      out.tool_choice = "auto";
      break;
    case "any":
      out.tool_choice = "required";
      break;
    case "none":
      out.tool_choice = "none";
      break;
    case "tool":
      if (kept.some((t) => t.function.name === c.name))
        out.tool_choice = { type: "function", function: { name: c.name } };
      else opts.notCarried(`tool_choice (tool "${c.name}" is not carried)`);
      break;
  }
  if (c.type !== "none" && c.disable_parallel_tool_use === true) out.parallel_tool_calls = false;
  return out;
}
