import { BadRequestError } from "../errors/gateway-error.js";
import { addDuration, parseDuration } from "../state/budget-duration.js";
import { type AdminContext, updateWithRetry, usageOf } from "./context.js";
import { generateKey, hashKey, keyHint, tokenOf } from "./key-material.js";
import { keyRef, keyView } from "./key-view.js";
import { missingKey, pushKey, requireOwners, withFields } from "./keys.js";
import type { KeyRecord } from "./records.js";
import type { RegenerateKeyRequest } from "./schemas.js";

/** /key/regenerate and /key/{key}/regenerate (LiteLLM's RegenerateKeyRequest). */

/**
 * A new key for the same record (same id, budget and spend), with any new values applied. The old
 * key stops working at once, or at the end of `grace_period`.
 */
export async function regenerateKey(ctx: AdminContext, keyOrHash: string, body: RegenerateKeyRequest) {
  const { key: _k, new_key, grace_period, ...fields } = body;
  await requireOwners(ctx, fields);
  const oldToken = await tokenOf(keyOrHash);
  const key = new_key ?? generateKey();
  const token = await hashKey(key);
  if (new_key && (await ctx.store.keys.get(token)))
    throw new BadRequestError("this key value is already in use; choose another `new_key`", {
      param: "new_key",
      code: "already_exists",
    });
  const grace = grace_period ? parseDuration(grace_period) : undefined;
  const graceUntil = grace ? addDuration(ctx.now(), grace) : undefined;
  let prev: KeyRecord | undefined;
  const record = await updateWithRetry(
    () => ctx.store.keys.get(oldToken),
    (cur) => {
      prev = cur;
      return { ...withFields(cur, fields, ctx.now()), token, key_name: keyHint(key) };
    },
    (next, v) => ctx.store.keys.rekey(oldToken, next, v, graceUntil),
    () => missingKey(keyOrHash),
  );
  await pushKey(ctx, record, { prev, spend: fields.spend });
  return {
    key,
    ...keyView(record, await usageOf(ctx, keyRef(record))),
    grace_period_ends_at: graceUntil === undefined ? null : new Date(graceUntil).toISOString(),
  };
}
