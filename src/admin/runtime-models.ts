import { splitModel } from "../providers/deployment.js";
import { LitellmParams } from "../config/schema.js";
import { formatPath } from "../config/format-issues.js";
import { BadRequestError, InternalServerError } from "../errors/gateway-error.js";
import { providerNamed } from "../providers/all.js";
import { notFound, updateWithRetry, type AdminContext } from "./context.js";
import { randomId } from "./key-material.js";
import { isCredentialParam, type RuntimeModelRecord, type SealedSecrets } from "./model-record.js";
import type { NewModelRequest, UpdateModelRequest } from "./model-schemas.js";
import { nextVersion } from "./records.js";
import { open, seal } from "./secret-box.js";

/**
 * Deployments managed at runtime (/model/new, /model/update, /model/delete), stored in D1 with
 * their credentials sealed; config.yaml's deployments stay read-only. The router reads them
 * through src/admin/runtime-model-source.ts.
 */

export const SALT_KEY_NAME = "SWITCHYARD_SALT_KEY";

function secretKey(ctx: AdminContext): string {
  const k = ctx.store.modelSecretKey;
  if (!k)
    throw new InternalServerError(
      `storing models needs the Worker secret ${SALT_KEY_NAME} to encrypt their credentials: set it with \`wrangler secret put ${SALT_KEY_NAME}\` (or in .dev.vars), then repeat the request`,
      { code: "no_salt_key" },
    );
  return k;
}

async function openSecrets(key: string, id: string, sealed: SealedSecrets) {
  try {
    return await open(key, id, sealed);
  } catch {
    throw new InternalServerError(
      `the stored credentials of model "${id}" do not open with the current ${SALT_KEY_NAME} (was it changed?): delete the model and add it again`,
      { code: "salt_key_mismatch" },
    );
  }
}

/** A config.yaml deployment by id (the runtime config also holds the runtime ones, marked db_model). */
function configDeployment(ctx: AdminContext, id: string) {
  return ctx.config.deployments.find((d) => d.id === id && d.modelInfo.db_model !== true);
}

function readOnly(id: string): never {
  throw new BadRequestError(
    `model "${id}" is defined in config.yaml and is read-only here: change it in the config and redeploy`,
    { param: "id", code: "config_model_read_only" },
  );
}

/** Params checked as config.yaml's are (provider known, fields typed); a 400 naming the field otherwise. */
function checkParams(params: Record<string, unknown>): void {
  const r = LitellmParams.safeParse(params);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = formatPath(["litellm_params", ...issue.path]);
    throw new BadRequestError(`invalid "${field}": ${issue.message}`, {
      param: field,
      code: "invalid_request",
    });
  }
  const { provider } = splitModel(r.data.model);
  if (!providerNamed(provider))
    throw new BadRequestError(`unknown provider "${provider}" in litellm_params.model`, {
      param: "litellm_params.model",
      code: "invalid_request",
    });
}

function splitSecrets(params: Record<string, unknown>) {
  const plain: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) (isCredentialParam(k) ? secrets : plain)[k] = v;
  return { plain, secrets };
}

async function sealed(ctx: AdminContext, id: string, params: Record<string, unknown>) {
  const { plain, secrets } = splitSecrets(params);
  const names = Object.keys(secrets);
  return {
    litellm_params: plain,
    secret_names: names,
    secrets: names.length ? await seal(secretKey(ctx), id, secrets) : null,
  };
}

/** A runtime model as the API shows it: never a credential (their names only, masked). */
export function modelView(r: RuntimeModelRecord) {
  const masked = Object.fromEntries(r.secret_names.map((n) => [n, "***"]));
  return {
    model_id: r.model_id,
    model_name: r.model_name,
    litellm_params: { ...r.litellm_params, ...masked },
    model_info: { ...r.model_info, id: r.model_id, db_model: true },
    created_at: new Date(r.created_at).toISOString(),
    updated_at: new Date(r.updated_at).toISOString(),
  };
}

export async function createModel(ctx: AdminContext, body: NewModelRequest) {
  secretKey(ctx);
  checkParams(body.litellm_params);
  const id = typeof body.model_info?.id === "string" ? body.model_info.id : randomId("model_");
  if (configDeployment(ctx, id))
    throw new BadRequestError(`model id "${id}" is already used by config.yaml`, {
      param: "model_info.id",
      code: "already_exists",
    });
  const now = ctx.now();
  const record: RuntimeModelRecord = {
    model_id: id,
    model_name: body.model_name,
    ...(await sealed(ctx, id, body.litellm_params)),
    model_info: { ...(body.model_info ?? {}), id },
    metadata: {},
    created_at: now,
    updated_at: now,
    version: nextVersion(0, now),
  };
  await ctx.store.models.insert(record);
  return modelView(record);
}

export async function updateModel(ctx: AdminContext, id: string, body: UpdateModelRequest) {
  if (configDeployment(ctx, id)) readOnly(id);
  const key = secretKey(ctx);
  const record = await updateWithRetry(
    () => ctx.store.models.get(id),
    async (cur) => {
      const params: Record<string, unknown> = {
        ...cur.litellm_params,
        ...(cur.secrets ? await openSecrets(key, id, cur.secrets) : {}),
      };
      for (const [k, v] of Object.entries(body.litellm_params ?? {})) {
        if (v === null) delete params[k];
        else params[k] = v;
      }
      checkParams(params);
      const info = { ...cur.model_info };
      for (const [k, v] of Object.entries(body.model_info ?? {})) {
        if (v === null) delete info[k];
        else info[k] = v;
      }
      const now = ctx.now();
      return {
        ...cur,
        model_name: body.model_name ?? cur.model_name,
        ...(await sealed(ctx, id, params)),
        model_info: { ...info, id },
        updated_at: now,
        version: nextVersion(cur.version, now),
      };
    },
    (next, v) => ctx.store.models.replace(next, v),
    () => notFound("model", id, "id"),
  );
  return modelView(record);
}

export async function deleteModel(ctx: AdminContext, id: string) {
  if (configDeployment(ctx, id)) readOnly(id);
  const gone = await ctx.store.models.remove([id]);
  if (!gone.length) notFound("model", id, "id");
  return { message: `model ${id} deleted`, id };
}

/** The id an update names: the path's, else model_id, else model_info.id. */
export function updateTarget(pathId: string | undefined, body: UpdateModelRequest): string {
  const id = pathId ?? body.model_id ?? (typeof body.model_info?.id === "string" ? body.model_info.id : undefined);
  if (!id)
    throw new BadRequestError('give the model id: in the path, "model_id" or "model_info.id"', {
      param: "model_info.id",
      code: "invalid_request",
    });
  return id;
}
