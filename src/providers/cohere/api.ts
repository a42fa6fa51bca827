import { z } from "zod";

/** Cohere v2 chat wire shapes: only the fields the gateway reads, null-tolerant. */

export const CohereUsage = z.looseObject({
  billed_units: z.looseObject({ input_tokens: z.number().nullish(), output_tokens: z.number().nullish() }).nullish(),
  tokens: z.looseObject({ input_tokens: z.number().nullish(), output_tokens: z.number().nullish() }).nullish(),
  cached_tokens: z.number().nullish(),
});
export type CohereUsage = z.infer<typeof CohereUsage>;

export const CohereToolCall = z.looseObject({
  id: z.string().nullish(),
  type: z.string().nullish(),
  function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});
export type CohereToolCall = z.infer<typeof CohereToolCall>;

export const CohereContentItem = z.looseObject({
  type: z.string(),
  text: z.string().nullish(),
  thinking: z.string().nullish(),
});

export const CohereChatResponse = z.looseObject({
  id: z.string().nullish(),
  finish_reason: z.string().nullish(),
  message: z.looseObject({
    content: z.array(CohereContentItem).nullish(),
    tool_plan: z.string().nullish(),
    tool_calls: z.array(CohereToolCall).nullish(),
  }),
  usage: CohereUsage.nullish(),
});
export type CohereChatResponse = z.infer<typeof CohereChatResponse>;

/** Any v2 stream event (the `data:` JSON): `type` decides which of the shapes below applies. */
export const CohereStreamHead = z.looseObject({
  type: z.string(),
  id: z.string().nullish(),
  index: z.number().int().nullish(),
});

const deltaMessage = <S extends z.ZodType>(message: S) =>
  z.looseObject({ delta: z.looseObject({ message: message.nullish() }).nullish() });

/** content-start / content-delta: one text or thinking piece. */
export const CohereContentEvent = deltaMessage(
  z.looseObject({
    content: z
      .looseObject({ type: z.string().nullish(), text: z.string().nullish(), thinking: z.string().nullish() })
      .nullish(),
  }),
);

export const CohereToolPlanEvent = deltaMessage(z.looseObject({ tool_plan: z.string().nullish() }));

/** tool-call-start (id, name, maybe arguments) / tool-call-delta (an arguments piece). */
export const CohereToolCallEvent = deltaMessage(z.looseObject({ tool_calls: CohereToolCall.nullish() }));

export const CohereMessageEndEvent = z.looseObject({
  delta: z
    .looseObject({ finish_reason: z.string().nullish(), error: z.string().nullish(), usage: CohereUsage.nullish() })
    .nullish(),
});

export const CohereErrorBody = z.looseObject({ message: z.string() });

/** Outbound request pieces (built by the gateway, so plain types rather than schemas). */
export type CohereUserPart =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string; detail?: string } };
export type CohereMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string | CohereUserPart[] }
  | {
      role: "assistant";
      content?: string;
      tool_plan?: string;
      tool_calls?: Array<{ id: string; type: "function"; function: { name: string; arguments: string } }>;
    }
  | { role: "tool"; tool_call_id: string; content: Array<{ type: "text"; text: string }> };
export interface CohereTool {
  type: "function";
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

/** POST /v2/embed: vectors by embedding type, and the tokens billed. */
export const CohereEmbedResponse = z.looseObject({
  embeddings: z.looseObject({ float: z.array(z.array(z.number())).nullish() }),
  meta: z.looseObject({ billed_units: z.looseObject({ input_tokens: z.number().nullish() }).nullish() }).nullish(),
});

/** POST /v2/rerank answer: results (no documents in v2) and the search units billed. */
export const CohereRerankResponse = z.looseObject({
  id: z.string().nullish(),
  results: z.array(z.looseObject({ index: z.number().int(), relevance_score: z.number() })),
  meta: z
    .looseObject({
      billed_units: z.looseObject({ search_units: z.number().nullish() }).nullish(),
    })
    .nullish(),
});
