import type { LitellmParams, ModelEntry } from "../config/schema.js";
import type { Provider } from "./provider.js";

/** One configured deployment, resolved for a request (wildcards substituted). */
export interface Deployment {
  /** Stable id: model_info.id, else derived from the entry's position and model. */
  id: string;
  /** The model group (model_name) this deployment serves. */
  modelName: string;
  /** Provider prefix of litellm_params.model, e.g. "openai", "azure", "anthropic". */
  provider: string;
  /** Vendor model id (litellm_params.model without the provider prefix). */
  model: string;
  params: LitellmParams;
  modelInfo: NonNullable<ModelEntry["model_info"]>;
  /** The provider's adapters, attached when the config loads. */
  adapter: Provider;
}

export function splitModel(model: string): { provider: string; model: string } {
  const i = model.indexOf("/");
  return { provider: model.slice(0, i), model: model.slice(i + 1) };
}
