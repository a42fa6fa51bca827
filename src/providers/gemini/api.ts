import { z } from "zod";

/**
 * Minimal, null-tolerant zod of the Gemini `generateContent` wire shapes we read
 * (Google AI Studio v1beta and Vertex AI v1 share them).
 */

export const GeminiPart = z.looseObject({
  text: z.string().nullish(),
  thought: z.boolean().nullish(),
  thoughtSignature: z.string().nullish(),
  functionCall: z
    .looseObject({
      id: z.string().nullish(),
      name: z.string(),
      args: z.record(z.string(), z.unknown()).nullish(),
    })
    .nullish(),
});
export type GeminiPart = z.infer<typeof GeminiPart>;

export const GeminiCandidate = z.looseObject({
  index: z.number().int().nullish(),
  content: z.looseObject({ role: z.string().nullish(), parts: z.array(GeminiPart).nullish() }).nullish(),
  finishReason: z.string().nullish(),
});
export type GeminiCandidate = z.infer<typeof GeminiCandidate>;

export const GeminiUsage = z.looseObject({
  promptTokenCount: z.number().int().nullish(),
  candidatesTokenCount: z.number().int().nullish(),
  thoughtsTokenCount: z.number().int().nullish(),
  cachedContentTokenCount: z.number().int().nullish(),
  toolUsePromptTokenCount: z.number().int().nullish(),
  totalTokenCount: z.number().int().nullish(),
});
export type GeminiUsage = z.infer<typeof GeminiUsage>;

export const GeminiResponse = z.looseObject({
  candidates: z.array(GeminiCandidate).nullish(),
  promptFeedback: z
    .looseObject({ blockReason: z.string().nullish(), blockReasonMessage: z.string().nullish() })
    .nullish(),
  usageMetadata: GeminiUsage.nullish(),
  modelVersion: z.string().nullish(),
  responseId: z.string().nullish(),
});
export type GeminiResponse = z.infer<typeof GeminiResponse>;

/** google.rpc.Status as Google APIs render it: `{error: {code, message, status, details}}`. */
export const GoogleErrorObject = z.looseObject({
  code: z.number().int().nullish(),
  message: z.string().nullish(),
  status: z.string().nullish(),
  details: z
    .array(
      z.looseObject({
        "@type": z.string().nullish(),
        reason: z.string().nullish(),
        retryDelay: z.string().nullish(),
      }),
    )
    .nullish(),
});
export type GoogleErrorObject = z.infer<typeof GoogleErrorObject>;

export const GoogleErrorBody = z.looseObject({ error: GoogleErrorObject });

/** Vertex's stream endpoints may wrap the error body in a one-element array. */
export const GoogleErrorBodyOrArray = z.union([GoogleErrorBody, z.array(GoogleErrorBody).min(1)]);

/** One SSE `data:` event: a response chunk, or an `{error}` object. */
export const GeminiStreamEvent = GeminiResponse.extend({ error: GoogleErrorObject.nullish() });

/** Request-side parts we produce (a Content is `{role, parts}`). */
export type GeminiRequestPart =
  | { text: string; thoughtSignature?: string }
  | { inlineData: { mimeType: string; data: string } }
  | { fileData: { mimeType?: string; fileUri: string } }
  | { functionCall: { name: string; args: Record<string, unknown> }; thoughtSignature?: string }
  | { functionResponse: { name: string; response: Record<string, unknown> } };

export interface GeminiContent {
  role: "user" | "model";
  parts: GeminiRequestPart[];
}

/** batchEmbedContents: one vector per request, in order. */
export const GeminiBatchEmbeddings = z.looseObject({
  embeddings: z.array(z.looseObject({ values: z.array(z.number()) })),
});

/** Imagen `predict` (Gemini API and Vertex AI): base64 images; a filtered image carries a reason instead. */
export const ImagenPredictions = z.looseObject({
  predictions: z
    .array(
      z.looseObject({
        bytesBase64Encoded: z.string().nullish(),
        mimeType: z.string().nullish(),
        raiFilteredReason: z.string().nullish(),
      }),
    )
    .nullish(),
});
