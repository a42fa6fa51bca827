import { z } from "zod";
import { LitellmParams, ModelInfo } from "../config/schema.js";
import { Name, opt } from "./schema-parts.js";

/** /model/new, /model/update, /model/{id}/update, /model/delete (LiteLLM's Deployment / updateDeployment). */

export const NewModelRequest = z.strictObject({
  model_name: Name,
  litellm_params: LitellmParams,
  model_info: opt(ModelInfo),
});
export type NewModelRequest = z.infer<typeof NewModelRequest>;

/** Partial: params given replace the stored ones, null removes one; the id comes from the path or model_info.id. */
export const UpdateModelRequest = z.strictObject({
  model_id: opt(Name),
  model_name: opt(Name),
  litellm_params: opt(z.record(z.string(), z.unknown())),
  model_info: opt(z.record(z.string(), z.unknown())),
});
export type UpdateModelRequest = z.infer<typeof UpdateModelRequest>;

export const DeleteModelRequest = z.strictObject({ id: Name });

export const ModelInfoQuery = z.object({ litellm_model_id: Name.optional() });
export const ModelGroupInfoQuery = z.object({ model_group: Name.optional() });
