import { z } from "zod";
import { InputContent, MessageContent, OutputContent } from "./content.js";

/**
 * Items: what a conversation is made of. The same shapes are input (a client sends them, or the gateway
 * replays a stored chain) and output (a Response's `output`). Items the gateway does not translate
 * (web_search_call, computer_call_output, item_reference, ...) pass through as `OtherItem` for native
 * deployments; the translated path refuses them by type.
 */

const ItemStatus = z.enum(["in_progress", "completed", "incomplete"]);

export const MessageItem = z.looseObject({
  type: z.literal("message"),
  id: z.string().optional(),
  role: z.enum(["user", "system", "developer", "assistant"]),
  content: z.union([z.string(), z.array(MessageContent)]),
  status: ItemStatus.nullish(),
});
export type MessageItem = z.infer<typeof MessageItem>;

export const FunctionCallItem = z.looseObject({
  type: z.literal("function_call"),
  id: z.string().optional(),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
  status: ItemStatus.nullish(),
});
export type FunctionCallItem = z.infer<typeof FunctionCallItem>;

export const FunctionCallOutputItem = z.looseObject({
  type: z.literal("function_call_output"),
  id: z.string().nullish(),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(InputContent)]),
  status: ItemStatus.nullish(),
});
export type FunctionCallOutputItem = z.infer<typeof FunctionCallOutputItem>;

export const SummaryText = z.looseObject({ type: z.literal("summary_text"), text: z.string() });
export type SummaryText = z.infer<typeof SummaryText>;

export const ReasoningItem = z.looseObject({
  type: z.literal("reasoning"),
  id: z.string().optional(),
  summary: z.array(SummaryText).default([]),
  content: z.array(z.looseObject({ type: z.literal("reasoning_text"), text: z.string() })).optional(),
  encrypted_content: z.string().nullish(),
  status: ItemStatus.nullish(),
});
export type ReasoningItem = z.infer<typeof ReasoningItem>;

export const KNOWN_ITEM_TYPES = ["message", "function_call", "function_call_output", "reasoning"] as const;

/** An item of another type (OpenAI-only tools, item references, ...): kept whole. */
export const OtherItem = z.looseObject({
  type: z.string().refine((t) => !(KNOWN_ITEM_TYPES as readonly string[]).includes(t), {
    message: "is a known item type",
    abort: true,
  }),
  id: z.string().nullish(),
});
export type OtherItem = z.infer<typeof OtherItem>;

/** A message written without `type` (the "easy" form: `{ role, content }`) is a message item. */
function withMessageType(v: unknown): unknown {
  if (v && typeof v === "object" && !Array.isArray(v) && !("type" in v) && "role" in v)
    return { ...v, type: "message" };
  return v;
}

export const Item = z.preprocess(
  withMessageType,
  z.union([
    z.discriminatedUnion("type", [MessageItem, FunctionCallItem, FunctionCallOutputItem, ReasoningItem]),
    OtherItem,
  ]),
);
export type Item = z.infer<typeof Item>;

/** What the translated path emits; also the items every vendor can carry in a conversation. */
export const OutputMessage = MessageItem.extend({
  id: z.string(),
  role: z.literal("assistant"),
  content: z.array(OutputContent),
  status: ItemStatus,
});
export type OutputMessage = z.infer<typeof OutputMessage>;

export const OutputFunctionCall = FunctionCallItem.extend({ id: z.string(), status: ItemStatus });
export type OutputFunctionCall = z.infer<typeof OutputFunctionCall>;

export const OutputReasoning = ReasoningItem.extend({ id: z.string() });
export type OutputReasoning = z.infer<typeof OutputReasoning>;

/** An output item: the three the translated path produces, or any item a native deployment returned. */
export const OutputItem = z.union([
  z.discriminatedUnion("type", [OutputMessage, OutputFunctionCall, OutputReasoning]),
  OtherItem,
]);
export type OutputItem = z.infer<typeof OutputItem>;

/** The item types the translated path understands. */
export type KnownItem = MessageItem | FunctionCallItem | FunctionCallOutputItem | ReasoningItem;

export function isKnownItem(item: Item | OutputItem): item is KnownItem {
  return (KNOWN_ITEM_TYPES as readonly string[]).includes(item.type);
}
