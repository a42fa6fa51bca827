import { z } from "zod";

/** Tools and tool_choice of a Responses request. Hosted tools (web_search, file_search, ...) are kept whole. */

export const FunctionToolDef = z.looseObject({
  type: z.literal("function"),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});
export type FunctionToolDef = z.infer<typeof FunctionToolDef>;

/** Any tool that is not a function: OpenAI's hosted tools, MCP, custom tools. */
export const HostedTool = z.looseObject({
  type: z.string().refine((t) => t !== "function", { message: "is a function tool", abort: true }),
});
export type HostedTool = z.infer<typeof HostedTool>;

export const Tool = z.union([FunctionToolDef, HostedTool]);
export type Tool = z.infer<typeof Tool>;

export const ToolChoiceFunction = z.looseObject({ type: z.literal("function"), name: z.string().min(1) });
export const ToolChoiceAllowed = z.looseObject({
  type: z.literal("allowed_tools"),
  mode: z.enum(["auto", "required"]),
  tools: z.array(z.looseObject({ type: z.string() })),
});
/** `{ type: "web_search_preview" }`, `{ type: "mcp", server_label }`, ...: a hosted tool forced by type. */
export const ToolChoiceHosted = z.looseObject({
  type: z
    .string()
    .refine((t) => t !== "function" && t !== "allowed_tools", { message: "has its own shape", abort: true }),
});

export const ResponsesToolChoice = z.union([
  z.enum(["none", "auto", "required"]),
  ToolChoiceFunction,
  ToolChoiceAllowed,
  ToolChoiceHosted,
]);
export type ResponsesToolChoice = z.infer<typeof ResponsesToolChoice>;

export function isFunctionTool(t: Tool): t is FunctionToolDef {
  return t.type === "function";
}
