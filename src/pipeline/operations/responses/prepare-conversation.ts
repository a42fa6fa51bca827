import type { Deps } from "../../../deps.js";
import { loadConversation } from "../../../responses/conversation.js";
import { inputItemsOf } from "../../../responses/input-items.js";
import { responseOwner } from "../../../responses/owner.js";
import { storedResponseOf } from "../../../responses/record.js";
import type { ResponseCreateRequest } from "../../../responses/request.js";
import type { Principal } from "../../../state/principal.js";
import type { Conversation, ResponsesCall } from "./responses-call.js";

/**
 * The conversation a request continues, loaded once (alongside admission) for every attempt: the caller's
 * stored chain ending at `previous_response_id` (a 404 when this owner has no such response), and how the
 * answer is stored. Without a response store the id stays unresolved: native deployments get it as it is,
 * and translated ones refuse it (call-translated.ts).
 */
export async function prepareConversation(
  call: ResponsesCall,
  ctx: { deps: Deps; principal: Principal },
): Promise<ResponsesCall> {
  const { deps } = ctx;
  const owner = responseOwner(ctx.principal);
  const store = deps.state.responses;
  const chain = store
    ? await loadConversation({ store, owner, previousResponseId: call.previous_response_id })
    : call.previous_response_id
      ? undefined
      : [];
  const conversation: Conversation = {
    owner,
    chain,
    id: deps.id("resp"),
    createdAt: deps.now(),
    keep: keeper(deps, call, owner),
  };
  return { ...call, conversation };
}

/**
 * Stores an answer before the client sees it end (the JSON body, or a stream's last event), so the client
 * can continue the conversation at once. A failed write is logged, never the client's error: the answer
 * was made and paid for.
 */
function keeper(deps: Deps, request: ResponseCreateRequest, owner: string): Conversation["keep"] {
  return async (response, origin) => {
    const store = deps.state.responses;
    if (!store || request.store === false) return;
    if (!response) {
      deps.log.warn("a native Responses answer could not be read as a Response: passed on, not stored", { origin });
      return;
    }
    const rec = storedResponseOf({
      request,
      owner,
      response,
      inputItems: inputItemsOf(request.input, deps.id),
      origin,
      now: deps.now(),
      retentionDays: deps.config.raw.general_settings.responses_retention_days,
    });
    if (!rec) return;
    const put = store.put(rec).catch((e: unknown) => {
      deps.log.error("storing a response failed", {
        response_id: rec.id,
        error: e instanceof Error ? e.message : String(e),
      });
    });
    deps.defer(put);
    await put;
  };
}
