import type { z } from "zod";
import { applyLimits, expiryOf, notFound, pushLimits, updateWithRetry, usageOf, type AdminContext } from "./context.js";
import { generateKey, hashKey, keyHint, randomId, tokenOf } from "./key-material.js";
import { keyRef, keyView } from "./key-view.js";
import { limitsOf, nextVersion, type KeyRecord } from "./records.js";
import type { DeleteKeyRequest, GenerateKeyRequest, KeyListQuery, UpdateKeyRequest } from "./schemas.js";

/** Keys: /key/generate, /key/update, /key/delete, /key/regenerate, /key/block, /key/unblock, /key/info, /key/list. */

async function requireOwners(
  ctx: AdminContext,
  teamId: string | null | undefined,
  userId: string | null | undefined,
): Promise<void> {
  if (teamId && !(await ctx.store.teams.get(teamId))) notFound("team", teamId, "team_id");
  if (userId && !(await ctx.store.users.get(userId))) notFound("user", userId, "user_id");
}

async function findKey(ctx: AdminContext, keyOrHash: string): Promise<KeyRecord | undefined> {
  return ctx.store.keys.get(await tokenOf(keyOrHash));
}

const missingKey = (given: string): never => notFound("key", given.startsWith("sk-") ? keyHint(given) : given, "key");

export async function createKey(ctx: AdminContext, body: GenerateKeyRequest) {
  await requireOwners(ctx, body.team_id, body.user_id);
  const now = ctx.now();
  const key = generateKey();
  const record: KeyRecord = {
    token: await hashKey(key),
    token_id: randomId("key_"),
    key_name: keyHint(key),
    key_alias: body.key_alias ?? null,
    team_id: body.team_id ?? null,
    user_id: body.user_id ?? null,
    models: body.models ?? [],
    aliases: body.aliases ?? {},
    tags: body.tags ?? [],
    metadata: body.metadata ?? {},
    blocked: body.blocked ?? false,
    duration: body.duration ?? null,
    expires_at: expiryOf(body.duration, now),
    ...applyLimits(undefined, body, now),
    created_at: now,
    updated_at: now,
    version: nextVersion(0, now),
  };
  await ctx.store.keys.insert(record);
  await pushLimits(ctx, keyRef(record), limitsOf(record), { reset: true });
  return { key, ...keyView(record) };
}

export async function updateKey(ctx: AdminContext, body: UpdateKeyRequest) {
  await requireOwners(ctx, body.team_id, body.user_id);
  const token = await tokenOf(body.key);
  const record = await updateWithRetry(
    () => ctx.store.keys.get(token),
    (cur) => {
      const now = ctx.now();
      return {
        ...cur,
        key_alias: body.key_alias === undefined ? cur.key_alias : body.key_alias,
        team_id: body.team_id === undefined ? cur.team_id : body.team_id,
        user_id: body.user_id === undefined ? cur.user_id : body.user_id,
        models: body.models ?? cur.models,
        aliases: body.aliases ?? cur.aliases,
        tags: body.tags ?? cur.tags,
        metadata: body.metadata ?? cur.metadata,
        blocked: body.blocked ?? cur.blocked,
        duration: body.duration === undefined ? cur.duration : body.duration,
        expires_at: body.duration === undefined ? cur.expires_at : expiryOf(body.duration, now),
        ...applyLimits(cur, body, now),
        updated_at: now,
        version: nextVersion(cur.version, now),
      };
    },
    (next, v) => ctx.store.keys.replace(next, v),
    () => missingKey(body.key),
  );
  await pushLimits(ctx, keyRef(record), limitsOf(record));
  return keyView(record, await usageOf(ctx, keyRef(record)));
}

export async function setKeyBlocked(ctx: AdminContext, keyOrHash: string, blocked: boolean) {
  const token = await tokenOf(keyOrHash);
  const record = await updateWithRetry(
    () => ctx.store.keys.get(token),
    (cur) => ({ ...cur, blocked, updated_at: ctx.now(), version: nextVersion(cur.version, ctx.now()) }),
    (next, v) => ctx.store.keys.replace(next, v),
    () => missingKey(keyOrHash),
  );
  await pushLimits(ctx, keyRef(record), limitsOf(record));
  return keyView(record, await usageOf(ctx, keyRef(record)));
}

/** Delete the given records and mark their ledgers deleted (requests in other isolates stop at once). */
export async function dropKeys(ctx: AdminContext, records: KeyRecord[]): Promise<void> {
  if (!records.length) return;
  await ctx.store.keys.remove(records.map((r) => r.token));
  const now = ctx.now();
  await Promise.all(
    records.map((r) => pushLimits(ctx, keyRef(r), limitsOf({ ...r, version: nextVersion(r.version, now) }, true))),
  );
}

export async function deleteKeys(ctx: AdminContext, body: z.infer<typeof DeleteKeyRequest>) {
  const records: KeyRecord[] = [];
  for (const k of body.keys ?? []) records.push((await findKey(ctx, k)) ?? missingKey(k));
  for (const a of body.key_aliases ?? [])
    records.push((await ctx.store.keys.getByAlias(a)) ?? notFound("key_alias", a, "key_aliases"));
  await dropKeys(ctx, records);
  return {
    deleted_keys: [
      ...(body.keys ?? []).map((k) => (k.startsWith("sk-") ? keyHint(k) : k)),
      ...(body.key_aliases ?? []),
    ],
  };
}

/** A new key for the same record: same id, budget and spend; the old key stops working. */
export async function regenerateKey(ctx: AdminContext, keyOrHash: string) {
  const oldToken = await tokenOf(keyOrHash);
  const key = generateKey();
  const token = await hashKey(key);
  const record = await updateWithRetry(
    () => ctx.store.keys.get(oldToken),
    (cur) => ({
      ...cur,
      token,
      key_name: keyHint(key),
      updated_at: ctx.now(),
      version: nextVersion(cur.version, ctx.now()),
    }),
    (next, v) => ctx.store.keys.rekey(oldToken, next, v),
    () => missingKey(keyOrHash),
  );
  return { key, ...keyView(record, await usageOf(ctx, keyRef(record))) };
}

export async function keyInfo(ctx: AdminContext, keyOrHash: string) {
  const record = (await findKey(ctx, keyOrHash)) ?? missingKey(keyOrHash);
  return { key: record.token, info: keyView(record, await usageOf(ctx, keyRef(record))) };
}

export async function listKeys(ctx: AdminContext, q: z.infer<typeof KeyListQuery>) {
  const where: Partial<Record<"team_id" | "user_id" | "key_alias", string>> = {};
  if (q.team_id) where.team_id = q.team_id;
  if (q.user_id) where.user_id = q.user_id;
  if (q.key_alias) where.key_alias = q.key_alias;
  const { rows, total } = await ctx.store.keys.list({ where, offset: (q.page - 1) * q.size, limit: q.size });
  const keys = q.return_full_object
    ? await Promise.all(rows.map(async (r) => keyView(r, await usageOf(ctx, keyRef(r)))))
    : rows.map((r) => r.token);
  return { keys, total_count: total, current_page: q.page, total_pages: Math.ceil(total / q.size) };
}
