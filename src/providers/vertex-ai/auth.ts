import type { Deployment } from "../deployment.js";
import { BadRequestError } from "../../errors/gateway-error.js";
import type { ProviderContext } from "../provider.js";
import { vertexAccessToken } from "./access-token.js";
import { parseVertexCredentials } from "./credentials.js";

export interface VertexAuth {
  headers: Record<string, string>;
  /** Undefined in express mode (API key): the URL then has no project/location. */
  project?: string;
}

/**
 * How a Vertex deployment authenticates: `vertex_credentials` (service-account JSON, authorized-user
 * JSON, or an access token) → `Authorization: Bearer`; else `api_key` → Vertex express mode
 * (`x-goog-api-key`, Gemini models only).
 */
export async function vertexAuth(
  ctx: Pick<ProviderContext, "deployment" | "fetch" | "now" | "cache">,
  opts: { expressAllowed: boolean },
): Promise<VertexAuth> {
  const d: Deployment = ctx.deployment;
  const p = d.params;
  if (p.vertex_credentials) {
    const creds = parseVertexCredentials(p.vertex_credentials);
    const token = await vertexAccessToken({
      raw: p.vertex_credentials,
      creds,
      deps: { fetch: ctx.fetch, now: ctx.now, cache: ctx.cache },
    });
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (creds.kind === "authorized_user" && creds.user.quota_project_id)
      headers["x-goog-user-project"] = creds.user.quota_project_id;
    const project = p.vertex_project ?? (creds.kind === "access_token" ? undefined : creds.projectId);
    if (!project) {
      throw new BadRequestError(
        `model "${d.modelName}" (vertex_ai) needs vertex_project (litellm_params.vertex_project or VERTEXAI_PROJECT)`,
        { code: "missing_vertex_project" },
      );
    }
    return { headers, project };
  }
  if (p.api_key && opts.expressAllowed) return { headers: { "x-goog-api-key": p.api_key } };
  throw new BadRequestError(
    `model "${d.modelName}" (vertex_ai) has no vertex_credentials (set litellm_params.vertex_credentials or VERTEXAI_CREDENTIALS to a service-account key JSON)`,
    { code: "missing_api_key" },
  );
}
