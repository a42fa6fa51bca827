import { z } from "zod";
import { CacheControl } from "./content-blocks.js";

/** Tools and tool choice of Anthropic's Messages API. Unknown fields pass through. */

/** A tool the client runs: `{name, description?, input_schema}` (`type` absent or "custom"). */
export const CustomTool = z.looseObject({
  type: z.literal("custom").nullish(),
  name: z.string().min(1),
  description: z.string().optional(),
  input_schema: z.looseObject({ type: z.string() }),
  strict: z.boolean().optional(),
  cache_control: CacheControl.nullish(),
});
export type CustomTool = z.infer<typeof CustomTool>;

/**
 * A tool Anthropic defines, versioned in its type (`web_search_20250305`, `bash_20250124`,
 * `text_editor_20250728`, `code_execution_20250825`, ...). Some run on Anthropic's side (server tools),
 * some are schema-less client tools Claude was trained on; either way only Claude understands them.
 */
export const VersionedTool = z.looseObject({
  type: z.string().regex(/_\d{8}$/, "expected a versioned tool type such as web_search_20250305"),
  name: z.string().min(1),
  cache_control: CacheControl.nullish(),
});
export type VersionedTool = z.infer<typeof VersionedTool>;

export const Tool = z.union([CustomTool, VersionedTool]);
export type Tool = z.infer<typeof Tool>;

export function isCustomTool(t: Tool): t is CustomTool {
  return t.type === undefined || t.type === null || t.type === "custom";
}

const parallel = { disable_parallel_tool_use: z.boolean().optional() };

export const ToolChoice = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("auto"), ...parallel }),
  z.looseObject({ type: z.literal("any"), ...parallel }),
  z.looseObject({ type: z.literal("tool"), name: z.string().min(1), ...parallel }),
  z.looseObject({ type: z.literal("none") }),
]);
export type ToolChoice = z.infer<typeof ToolChoice>;

/** Extended thinking: a budget (`enabled`), `adaptive` (the model decides), or `disabled`. */
export const ThinkingConfig = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("enabled"), budget_tokens: z.number().int().min(1) }),
  z.looseObject({ type: z.literal("disabled") }),
  z.looseObject({ type: z.literal("adaptive") }),
  z.looseObject({ type: z.literal("between_tools") }),
]);
export type ThinkingConfig = z.infer<typeof ThinkingConfig>;
