import { checkKeyChange, checkKeyCreate, keyListScope, keyToBlock, keyToRead, keyToWrite } from "./key-access.js";
import { createKey, deleteKeys, keyInfo, keysToDelete, listKeys, setKeyBlocked, updateKey } from "./keys.js";
import { regenerateKey } from "./key-rotation.js";
import { body, query, type RouteDef } from "./route-table.js";
import * as S from "./schemas.js";
import { BadRequestError } from "../errors/gateway-error.js";
import type { RegenerateKeyRequest } from "./schemas.js";
import type { AdminContext } from "./context.js";

async function regenerate(ctx: AdminContext, given: string | undefined, b: RegenerateKeyRequest) {
  const keyOrHash =
    given ??
    b.key ??
    (() => {
      throw new BadRequestError('missing required field "key"', { param: "key", code: "invalid_request" });
    })();
  const record = await keyToWrite(ctx, keyOrHash);
  await checkKeyChange(ctx, record, b);
  return regenerateKey(ctx, record.token, b);
}

/** Virtual keys (LiteLLM's key management routes). */
export const KEY_ROUTES: RouteDef[] = [
  {
    method: "POST",
    path: "/key/generate",
    rule: "self_service",
    run: async (ctx, c) => createKey(ctx, await checkKeyCreate(ctx, await body(c, S.GenerateKeyRequest))),
  },
  {
    method: "POST",
    path: "/key/update",
    rule: "self_service",
    run: async (ctx, c) => {
      const b = await body(c, S.UpdateKeyRequest);
      await checkKeyChange(ctx, await keyToWrite(ctx, b.key), b);
      return updateKey(ctx, b);
    },
  },
  {
    method: "POST",
    path: "/key/delete",
    rule: "self_service",
    run: async (ctx, c) => {
      const b = await body(c, S.DeleteKeyRequest);
      const records = await keysToDelete(ctx, b);
      for (const r of records) await keyToWrite(ctx, r.token);
      return deleteKeys(ctx, b, records);
    },
  },
  {
    method: "POST",
    path: "/key/regenerate",
    rule: "self_service",
    run: async (ctx, c) => regenerate(ctx, undefined, await body(c, S.RegenerateKeyRequest)),
  },
  {
    method: "POST",
    path: "/key/:key/regenerate",
    rule: "self_service",
    run: async (ctx, c) => regenerate(ctx, c.req.param("key"), await body(c, S.RegenerateKeyRequest)),
  },
  {
    method: "POST",
    path: "/key/block",
    rule: "self_service",
    run: async (ctx, c) => setKeyBlocked(ctx, (await keyToBlock(ctx, (await body(c, S.KeyRef)).key)).token, true),
  },
  {
    method: "POST",
    path: "/key/unblock",
    rule: "self_service",
    run: async (ctx, c) => setKeyBlocked(ctx, (await keyToBlock(ctx, (await body(c, S.KeyRef)).key)).token, false),
  },
  {
    method: "GET",
    path: "/key/info",
    rule: "self_service",
    run: async (ctx, c) => keyInfo(ctx, await keyToRead(ctx, query(c, S.KeyInfoQuery).key)),
  },
  {
    method: "GET",
    path: "/key/list",
    rule: "self_service",
    run: async (ctx, c) => listKeys(ctx, await keyListScope(ctx, query(c, S.KeyListQuery))),
  },
];
