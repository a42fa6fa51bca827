import { z } from "zod";

/** GET /v1/models as Anthropic answers it (requests that carry `anthropic-version`): a page of model infos. */
export const AnthropicModelInfo = z.looseObject({
  type: z.literal("model"),
  id: z.string(),
  display_name: z.string(),
  /** RFC 3339 timestamp. */
  created_at: z.string(),
});
export type AnthropicModelInfo = z.infer<typeof AnthropicModelInfo>;

export const AnthropicModelList = z.looseObject({
  data: z.array(AnthropicModelInfo),
  has_more: z.boolean(),
  first_id: z.string().nullable(),
  last_id: z.string().nullable(),
});
export type AnthropicModelList = z.infer<typeof AnthropicModelList>;

/**
 * The gateway's model groups as Anthropic's list. A group has no release date of its own, so every entry
 * carries `createdAt` (epoch ms, e.g. when the config was loaded). One page holds every group.
 */
export function anthropicModelList(ids: readonly string[], createdAt: number): AnthropicModelList {
  const created_at = new Date(createdAt).toISOString();
  const data = ids.map((id): AnthropicModelInfo => ({ type: "model", id, display_name: id, created_at }));
  return { data, has_more: false, first_id: ids[0] ?? null, last_id: ids.at(-1) ?? null };
}
