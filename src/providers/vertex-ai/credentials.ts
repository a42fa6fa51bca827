import { z } from "zod";
import { AuthenticationError } from "../../errors/gateway-error.js";

export const GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";

/** A service-account key file (the JSON `gcloud iam service-accounts keys create` writes). */
export const ServiceAccountKey = z.looseObject({
  type: z.literal("service_account").optional(),
  client_email: z.string().min(1),
  private_key: z.string().min(1),
  private_key_id: z.string().optional(),
  project_id: z.string().optional(),
  token_uri: z.string().min(1).optional(),
});

/** User credentials from `gcloud auth application-default login`. */
export const AuthorizedUser = z.looseObject({
  type: z.literal("authorized_user"),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  refresh_token: z.string().min(1),
  quota_project_id: z.string().optional(),
  token_uri: z.string().min(1).optional(),
});

export type VertexCredentials =
  | { kind: "service_account"; key: z.infer<typeof ServiceAccountKey>; tokenUri: string; projectId?: string }
  | { kind: "authorized_user"; user: z.infer<typeof AuthorizedUser>; tokenUri: string; projectId?: string }
  | { kind: "access_token"; token: string };

const invalid = (what: string) =>
  new AuthenticationError(`vertex_credentials ${what}`, { provider: "vertex_ai", code: "invalid_vertex_credentials" });

/**
 * `vertex_credentials` as configured: a service-account key JSON, an authorized-user JSON, or (not JSON)
 * an OAuth access token used as is. Errors never repeat the credential's content.
 */
export function parseVertexCredentials(raw: string): VertexCredentials {
  const text = raw.trim();
  if (!text.startsWith("{")) {
    if (/\s/.test(text) || text === "") throw invalid("is neither a JSON key nor an access token");
    return { kind: "access_token", token: text };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid("is not valid JSON");
  }
  const user = AuthorizedUser.safeParse(value);
  if (user.success) {
    return {
      kind: "authorized_user",
      user: user.data,
      tokenUri: user.data.token_uri ?? GOOGLE_TOKEN_URI,
      projectId: user.data.quota_project_id,
    };
  }
  const sa = ServiceAccountKey.safeParse(value);
  if (!sa.success) throw invalid("is not a service-account key (needs client_email and private_key)");
  return {
    kind: "service_account",
    key: sa.data,
    tokenUri: sa.data.token_uri ?? GOOGLE_TOKEN_URI,
    projectId: sa.data.project_id,
  };
}
