import { z } from "zod";
import { CacheControl, ContentBlockParam, TextBlockParam } from "./content-blocks.js";
import { ThinkingConfig, Tool, ToolChoice } from "./tools.js";

/** Public wire contract of POST /v1/messages (Anthropic's Messages API). Unknown fields pass through. */

const Content = z.union([z.string(), z.array(ContentBlockParam)]);

export const MessageParam = z.discriminatedUnion("role", [
  z.looseObject({ role: z.literal("user"), content: Content }),
  z.looseObject({ role: z.literal("assistant"), content: Content }),
  /** A system turn inside the conversation (text only). */
  z.looseObject({ role: z.literal("system"), content: z.union([z.string(), z.array(TextBlockParam)]) }),
]);
export type MessageParam = z.infer<typeof MessageParam>;

export const SystemParam = z.union([z.string(), z.array(TextBlockParam)]);
export type SystemParam = z.infer<typeof SystemParam>;

export const Metadata = z.looseObject({ user_id: z.string().nullish() });

/** Fields a count_tokens request shares with a Messages request. */
export const promptFields = {
  model: z.string().min(1),
  messages: z.array(MessageParam).min(1),
  system: SystemParam.optional(),
  tools: z.array(Tool).optional(),
  tool_choice: ToolChoice.optional(),
  thinking: ThinkingConfig.optional(),
  cache_control: CacheControl.nullish(),
};

export const MessagesRequest = z.looseObject({
  ...promptFields,
  max_tokens: z.number().int().min(1),
  metadata: Metadata.optional(),
  stop_sequences: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(0).optional(),
  service_tier: z.string().optional(),
  output_config: z
    .looseObject({ effort: z.string().nullish(), format: z.looseObject({ type: z.string() }).nullish() })
    .optional(),
});
export type MessagesRequest = z.infer<typeof MessagesRequest>;

/** The request fields this gateway reads or maps; anything else is named when the translated path drops it. */
export const KNOWN_REQUEST_FIELDS: ReadonlySet<string> = new Set(Object.keys(MessagesRequest.shape));
