import { z } from "zod";

export const ModelObject = z.object({
  id: z.string(),
  object: z.literal("model"),
  created: z.number().int(),
  owned_by: z.string(),
  /** LiteLLM's mode of the group (chat, embedding, image_generation, ...): which operations it serves. */
  mode: z.string().optional(),
});
export const ModelList = z.object({ object: z.literal("list"), data: z.array(ModelObject) });
export type ModelList = z.infer<typeof ModelList>;
