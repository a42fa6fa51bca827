import type { z } from "zod";
import { BadRequestError } from "../errors/gateway-error.js";
import { withBudget } from "./budget-record.js";
import {
  applyLimits,
  expiryOf,
  notFound,
  pushLimits,
  updated,
  updateWithRetry,
  usageOf,
  type AdminContext,
} from "./context.js";
import { ensureUser } from "./first-reference.js";
import { generateKey, hashKey, keyHint, randomId, tokenOf } from "./key-material.js";
import { keyRef, keyView } from "./key-view.js";
import { modelBudgetsFrom, pushModelBudgets } from "./model-budgets.js";
import { limitsOf, nextVersion, toMicros, type KeyRecord } from "./records.js";
import type { DeleteKeyRequest, GenerateKeyRequest, KeyListQuery, UpdateKeyRequest } from "./schemas.js";

/** Keys: /key/generate, /key/update, /key/delete, /key/regenerate, /key/block, /key/unblock, /key/info, /key/list. */

type KeyFields = Omit<GenerateKeyRequest, "key">;

/** Teams, budgets and organizations a key names must exist; a user is created on first reference. */
export async function requireOwners(ctx: AdminContext, b: KeyFields): Promise<void> {
  if (b.team_id && !(await ctx.store.teams.get(b.team_id))) notFound("team", b.team_id, "team_id");
  if (b.budget_id && !(await ctx.store.budgets.get(b.budget_id))) notFound("budget", b.budget_id, "budget_id");
  if (b.organization_id && !(await ctx.store.organizations.get(b.organization_id)))
    notFound("organization", b.organization_id, "organization_id");
  if (b.user_id) await ensureUser(ctx, b.user_id);
}

export async function findKey(ctx: AdminContext, keyOrHash: string): Promise<KeyRecord | undefined> {
  return ctx.store.keys.get(await tokenOf(keyOrHash));
}

export const missingKey = (given: string): never =>
  notFound("key", given.startsWith("sk-") ? keyHint(given) : given, "key");

/** A key record with the request's fields applied (`cur` absent: a new key). */
export function withFields(cur: KeyRecord, b: KeyFields, now: number): KeyRecord {
  return {
    ...cur,
    key_alias: updated(b.key_alias, cur.key_alias, null),
    team_id: updated(b.team_id, cur.team_id, null),
    user_id: updated(b.user_id, cur.user_id, null),
    organization_id: updated(b.organization_id, cur.organization_id, null),
    budget_id: updated(b.budget_id, cur.budget_id, null),
    models: updated(b.models, cur.models, []),
    aliases: updated(b.aliases, cur.aliases, {}),
    tags: updated(b.tags, cur.tags, []),
    metadata: updated(b.metadata, cur.metadata, {}),
    permissions: updated(b.permissions, cur.permissions, {}),
    allowed_cache_controls: updated(b.allowed_cache_controls, cur.allowed_cache_controls, []),
    model_max_budget:
      b.model_max_budget === undefined
        ? cur.model_max_budget
        : modelBudgetsFrom(b.model_max_budget ?? {}, cur.model_max_budget, now),
    blocked: updated(b.blocked, cur.blocked, false),
    duration: updated(b.duration, cur.duration, null),
    expires_at: b.duration === undefined ? cur.expires_at : expiryOf(b.duration, now),
    ...applyLimits(cur, b, now),
    updated_at: now,
    version: nextVersion(cur.version, now),
  };
}

/** Push a written key's limits (with its shared budget's) and its model budgets to their ledgers. */
export async function pushKey(
  ctx: AdminContext,
  record: KeyRecord,
  opts: { prev?: KeyRecord; reset?: boolean; spend?: number | null } = {},
): Promise<void> {
  const budget = record.budget_id ? await ctx.store.budgets.get(record.budget_id) : undefined;
  const spendMicros = opts.spend === undefined || opts.spend === null ? undefined : toMicros(opts.spend);
  await pushLimits(ctx, keyRef(record), limitsOf(withBudget(record, budget)), { reset: opts.reset, spendMicros });
  await pushModelBudgets(ctx, { key: record, prev: opts.prev, budget, reset: opts.reset });
}

export async function createKey(ctx: AdminContext, body: GenerateKeyRequest) {
  await requireOwners(ctx, body);
  const now = ctx.now();
  const key = body.key ?? generateKey();
  const token = await hashKey(key);
  if (body.key && (await ctx.store.keys.get(token)))
    throw new BadRequestError("this key value is already in use; choose another `key`", {
      param: "key",
      code: "already_exists",
    });
  const blank: KeyRecord = {
    token,
    token_id: randomId("key_"),
    key_name: keyHint(key),
    key_alias: null,
    team_id: null,
    user_id: null,
    organization_id: null,
    budget_id: null,
    models: [],
    aliases: {},
    tags: [],
    metadata: {},
    permissions: {},
    allowed_cache_controls: [],
    model_max_budget: {},
    blocked: false,
    duration: null,
    expires_at: null,
    ...applyLimits(undefined, {}, now),
    created_at: now,
    updated_at: now,
    version: 0,
  };
  const record = withFields(blank, body, now);
  await ctx.store.keys.insert(record);
  await pushKey(ctx, record, { reset: true, spend: body.spend });
  return { key, ...keyView(record, body.spend ? await usageOf(ctx, keyRef(record)) : undefined) };
}

export async function updateKey(ctx: AdminContext, body: UpdateKeyRequest) {
  await requireOwners(ctx, body);
  const token = await tokenOf(body.key);
  let prev: KeyRecord | undefined;
  const record = await updateWithRetry(
    () => ctx.store.keys.get(token),
    (cur) => {
      prev = cur;
      return withFields(cur, body, ctx.now());
    },
    (next, v) => ctx.store.keys.replace(next, v),
    () => missingKey(body.key),
  );
  await pushKey(ctx, record, { prev, spend: body.spend });
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
  await pushKey(ctx, record);
  return keyView(record, await usageOf(ctx, keyRef(record)));
}

/** Delete the given records and mark their ledgers deleted (requests in other isolates stop at once). */
export async function dropKeys(ctx: AdminContext, records: KeyRecord[]): Promise<void> {
  if (!records.length) return;
  await ctx.store.keys.remove(records.map((r) => r.token));
  const now = ctx.now();
  await Promise.all(
    records.map(async (r) => {
      await pushLimits(ctx, keyRef(r), limitsOf({ ...r, version: nextVersion(r.version, now) }, true));
      await pushModelBudgets(ctx, { key: r, deleted: true });
    }),
  );
}

export async function keysToDelete(ctx: AdminContext, body: z.infer<typeof DeleteKeyRequest>): Promise<KeyRecord[]> {
  const records: KeyRecord[] = [];
  for (const k of body.keys ?? []) records.push((await findKey(ctx, k)) ?? missingKey(k));
  for (const a of body.key_aliases ?? [])
    records.push((await ctx.store.keys.getByAlias(a)) ?? notFound("key_alias", a, "key_aliases"));
  return records;
}

export async function deleteKeys(ctx: AdminContext, body: z.infer<typeof DeleteKeyRequest>, records: KeyRecord[]) {
  await dropKeys(ctx, records);
  return {
    deleted_keys: [
      ...(body.keys ?? []).map((k) => (k.startsWith("sk-") ? keyHint(k) : k)),
      ...(body.key_aliases ?? []),
    ],
  };
}

export async function keyInfo(ctx: AdminContext, record: KeyRecord) {
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
