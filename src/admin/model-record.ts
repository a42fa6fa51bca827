import { z } from "zod";
import { Stamp } from "./records.js";

/**
 * A deployment added at runtime (/model/new, LiteLLM's store_model_in_db). Its credentials never
 * rest in clear: they are one AES-GCM ciphertext (src/admin/secret-box.ts) bound to the model id.
 */
export const SealedSecrets = z.object({ iv: z.string(), data: z.string() });
export type SealedSecrets = z.infer<typeof SealedSecrets>;

export const RuntimeModelRecord = z.object({
  model_id: z.string(),
  model_name: z.string(),
  /** litellm_params without the credentials. */
  litellm_params: z.record(z.string(), z.unknown()),
  model_info: z.record(z.string(), z.unknown()),
  /** Names of the credential params sealed in `secrets` (shown masked). */
  secret_names: z.array(z.string()),
  secrets: SealedSecrets.nullable(),
  ...Stamp,
});
export type RuntimeModelRecord = z.infer<typeof RuntimeModelRecord>;

/** Param names that always hold credentials (or headers that may carry them). */
const CREDENTIAL_PARAMS = new Set(["aws_access_key_id", "extra_headers", "headers", "aws_web_identity_token"]);

/**
 * Whether a litellm_param holds a credential: the known ones, and any name ending in key, secret,
 * token, password or credentials (api_key, aws_secret_access_key, aws_session_token,
 * vertex_credentials, azure_ad_token, client_secret, ...). `max_tokens` ends in "tokens", not "token".
 */
export function isCredentialParam(name: string): boolean {
  return CREDENTIAL_PARAMS.has(name) || /(^|_)(key|secret|token|password|credentials?)$/i.test(name);
}
