import { z } from "zod";

/**
 * Content parts of Responses API items. Input parts (`input_text`, `input_image`, `input_file`) appear in
 * user/system/developer messages and in function_call_output; output parts (`output_text`, `refusal`) in
 * assistant messages. Unknown fields pass through.
 */

export const InputText = z.looseObject({ type: z.literal("input_text"), text: z.string() });
export type InputText = z.infer<typeof InputText>;

export const InputImage = z.looseObject({
  type: z.literal("input_image"),
  image_url: z.string().nullish(),
  file_id: z.string().nullish(),
  detail: z.enum(["low", "high", "auto", "original"]).nullish(),
});
export type InputImage = z.infer<typeof InputImage>;

export const InputFile = z.looseObject({
  type: z.literal("input_file"),
  file_data: z.string().nullish(),
  file_id: z.string().nullish(),
  file_url: z.string().nullish(),
  filename: z.string().nullish(),
});
export type InputFile = z.infer<typeof InputFile>;

export const Annotation = z.looseObject({ type: z.string() });

export const OutputText = z.looseObject({
  type: z.literal("output_text"),
  text: z.string(),
  annotations: z.array(Annotation).default([]),
  logprobs: z.array(z.unknown()).optional(),
});
export type OutputText = z.infer<typeof OutputText>;

export const Refusal = z.looseObject({ type: z.literal("refusal"), refusal: z.string() });
export type Refusal = z.infer<typeof Refusal>;

export const InputContent = z.discriminatedUnion("type", [InputText, InputImage, InputFile]);
export type InputContent = z.infer<typeof InputContent>;

/** Any part a message item may hold (clients send assistant turns back with output parts). */
export const MessageContent = z.discriminatedUnion("type", [InputText, InputImage, InputFile, OutputText, Refusal]);
export type MessageContent = z.infer<typeof MessageContent>;

export const OutputContent = z.discriminatedUnion("type", [OutputText, Refusal]);
export type OutputContent = z.infer<typeof OutputContent>;
