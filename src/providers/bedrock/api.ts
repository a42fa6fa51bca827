import { z } from "zod";

/**
 * Bedrock Converse / ConverseStream wire shapes. Request shapes describe what we send;
 * response and stream shapes are minimal (only the fields we read) and tolerate nulls.
 */

// ---- request -------------------------------------------------------------------------------

export const CachePoint = z.object({ cachePoint: z.object({ type: z.literal("default") }) });

export const ImageBlock = z.object({
  image: z.object({ format: z.enum(["png", "jpeg", "gif", "webp"]), source: z.object({ bytes: z.string() }) }),
});

export type ImageBlock = z.infer<typeof ImageBlock>;

export const DocumentBlock = z.object({
  document: z.object({ format: z.string(), name: z.string(), source: z.object({ bytes: z.string() }) }),
});

export const ToolResultContent = z.union([
  z.object({ text: z.string() }),
  z.object({ json: z.unknown() }),
  ImageBlock,
  DocumentBlock,
]);
export type ToolResultContent = z.infer<typeof ToolResultContent>;

export const ContentBlockIn = z.union([
  z.object({ text: z.string() }),
  ImageBlock,
  DocumentBlock,
  z.object({ toolUse: z.object({ toolUseId: z.string(), name: z.string(), input: z.unknown() }) }),
  z.object({
    toolResult: z.object({
      toolUseId: z.string(),
      content: z.array(ToolResultContent),
      status: z.enum(["success", "error"]).optional(),
    }),
  }),
  z.object({
    reasoningContent: z.union([
      z.object({ reasoningText: z.object({ text: z.string(), signature: z.string().optional() }) }),
      z.object({ redactedContent: z.string() }),
    ]),
  }),
  CachePoint,
]);
export type ContentBlockIn = z.infer<typeof ContentBlockIn>;

export const BedrockMessage = z.object({ role: z.enum(["user", "assistant"]), content: z.array(ContentBlockIn) });
export type BedrockMessage = z.infer<typeof BedrockMessage>;

export const SystemBlock = z.union([z.object({ text: z.string() }), CachePoint]);
export type SystemBlock = z.infer<typeof SystemBlock>;

export const ToolSpec = z.object({
  toolSpec: z.object({
    name: z.string(),
    description: z.string().optional(),
    inputSchema: z.object({ json: z.record(z.string(), z.unknown()) }),
  }),
});
export type ToolSpec = z.infer<typeof ToolSpec>;

export const ToolChoiceIn = z.union([
  z.object({ auto: z.object({}) }),
  z.object({ any: z.object({}) }),
  z.object({ tool: z.object({ name: z.string() }) }),
]);
export type ToolChoiceIn = z.infer<typeof ToolChoiceIn>;

export const ToolConfig = z.object({
  tools: z.array(z.union([ToolSpec, CachePoint])),
  toolChoice: ToolChoiceIn.optional(),
});
export type ToolConfig = z.infer<typeof ToolConfig>;

export const ConverseRequest = z.object({
  messages: z.array(BedrockMessage),
  system: z.array(SystemBlock).optional(),
  inferenceConfig: z
    .object({
      maxTokens: z.number().int().optional(),
      temperature: z.number().optional(),
      topP: z.number().optional(),
      stopSequences: z.array(z.string()).optional(),
    })
    .optional(),
  toolConfig: ToolConfig.optional(),
  additionalModelRequestFields: z.record(z.string(), z.unknown()).optional(),
});
export type ConverseRequest = z.infer<typeof ConverseRequest>;

// ---- response ------------------------------------------------------------------------------

export const BedrockUsage = z.looseObject({
  inputTokens: z.number().int().nullish(),
  outputTokens: z.number().int().nullish(),
  totalTokens: z.number().int().nullish(),
  cacheReadInputTokens: z.number().int().nullish(),
  cacheWriteInputTokens: z.number().int().nullish(),
});
export type BedrockUsage = z.infer<typeof BedrockUsage>;

export const ContentBlockOut = z.looseObject({
  text: z.string().nullish(),
  toolUse: z.looseObject({ toolUseId: z.string(), name: z.string(), input: z.unknown() }).nullish(),
  reasoningContent: z
    .looseObject({
      reasoningText: z.looseObject({ text: z.string().nullish(), signature: z.string().nullish() }).nullish(),
      redactedContent: z.string().nullish(),
    })
    .nullish(),
});
export type ContentBlockOut = z.infer<typeof ContentBlockOut>;

export const ConverseResponse = z.looseObject({
  output: z.looseObject({
    message: z.looseObject({ content: z.array(ContentBlockOut).nullish() }).nullish(),
  }),
  stopReason: z.string().nullish(),
  usage: BedrockUsage.nullish(),
});
export type ConverseResponse = z.infer<typeof ConverseResponse>;

// ---- stream events (payload of each event-stream message) -----------------------------------

export const ContentBlockStartEvent = z.looseObject({
  contentBlockIndex: z.number().int(),
  start: z.looseObject({ toolUse: z.looseObject({ toolUseId: z.string(), name: z.string() }).nullish() }).nullish(),
});

export const ContentBlockDeltaEvent = z.looseObject({
  contentBlockIndex: z.number().int(),
  delta: z.looseObject({
    text: z.string().nullish(),
    toolUse: z.looseObject({ input: z.string().nullish() }).nullish(),
    reasoningContent: z
      .looseObject({
        text: z.string().nullish(),
        signature: z.string().nullish(),
        redactedContent: z.string().nullish(),
      })
      .nullish(),
  }),
});

export const MessageStopEvent = z.looseObject({ stopReason: z.string().nullish() });

export const MetadataEvent = z.looseObject({ usage: BedrockUsage.nullish() });

// ---- errors ----------------------------------------------------------------------------------

/** HTTP error bodies and in-stream exception payloads. */
export const BedrockErrorBody = z.looseObject({
  message: z.string().nullish(),
  Message: z.string().nullish(),
  __type: z.string().nullish(),
  originalMessage: z.string().nullish(),
  originalStatusCode: z.number().nullish(),
});

// ---- InvokeModel: embeddings and images ----------------------------------------------------------

/** Titan Text Embeddings (v1, v2): one vector per call, with its token count. */
export const TitanEmbedding = z.looseObject({
  embedding: z.array(z.number()),
  inputTextTokenCount: z.number().int().nullish(),
});

/** Cohere Embed on Bedrock: float vectors as a list (v3) or by type (embedding_types / v4). */
export const CohereBedrockEmbeddings = z.looseObject({
  embeddings: z.union([z.array(z.array(z.number())), z.looseObject({ float: z.array(z.array(z.number())) })]),
});

/** Titan Image Generator and Nova Canvas: base64 images, or an error message. */
export const TitanImages = z.looseObject({
  images: z.array(z.string()).nullish(),
  error: z.string().nullish(),
});

/** Stability models (SD3.5, Stable Image Ultra / Core): base64 images; a non-null finish reason is a filter. */
export const StabilityImages = z.looseObject({
  images: z.array(z.string()).nullish(),
  finish_reasons: z.array(z.string().nullable()).nullish(),
});

/** Stable Diffusion XL (v1 API): artifacts with base64 and a finish reason. */
export const SdxlArtifacts = z.looseObject({
  artifacts: z.array(z.looseObject({ base64: z.string().nullish(), finishReason: z.string().nullish() })).nullish(),
});

// ---- rerank (Bedrock Agent Runtime) ----------------------------------------------------------

/** POST /rerank answer: results ranked by `relevanceScore`. */
export const BedrockRerankResponse = z.looseObject({
  results: z.array(z.looseObject({ index: z.number().int(), relevanceScore: z.number() })),
});
