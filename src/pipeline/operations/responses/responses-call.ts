import type { ResponseContext } from "../../../codecs/responses/response-shell.js";
import { InternalServerError } from "../../../errors/gateway-error.js";
import type { Deployment } from "../../../providers/deployment.js";
import type { ResponseCreateRequest } from "../../../responses/request.js";
import type { ResponseObject } from "../../../responses/response.js";
import type { StoredResponse } from "../../../responses/store.js";
import type { CallResult } from "../../../upstream/call-provider.js";
import type { NativeResult } from "./call-native.js";

/** What a Responses request carries once it is prepared: the client's request and its conversation. */
export type ResponsesCall = ResponseCreateRequest & { conversation?: Conversation };

/** The stored state of one request, loaded once before its first attempt (prepare-conversation.ts). */
export interface Conversation {
  /** Whose responses these are (src/responses/owner.ts). */
  owner: string;
  /**
   * The stored chain ending at `previous_response_id`, oldest first (empty for a new conversation);
   * undefined when the gateway has no response store and the id could not be resolved.
   */
  chain: StoredResponse[] | undefined;
  /** The id of a translated response (a native one is the upstream's). */
  id: string;
  /** When the request arrived (epoch ms). */
  createdAt: number;
  /**
   * Store the answer (unless `store: false`); settles once it is stored or failed (a failure is logged,
   * as is an answer the gateway could not read as a Response: undefined).
   */
  keep(response: ResponseObject | undefined, origin: StoredResponse["origin"]): Promise<void>;
}

/** One attempt's answer: from a deployment that runs the Responses API itself, or through chat. */
export type ResponsesAnswer =
  | {
      path: "native";
      deployment: Deployment;
      result: NativeResult;
      /**
       * Whether the answer may be stored: not when it came from an upstream the client chose (client-side
       * credentials), whose response ids the gateway cannot trust not to name another owner's response.
       */
      storable: boolean;
    }
  | { path: "translated"; deployment: Deployment; result: CallResult; context: ResponseContext };

/** The conversation `prepare` attached (every request of the operation is prepared before it runs). */
export function conversationOf(call: ResponsesCall): Conversation {
  if (!call.conversation) throw new InternalServerError("the Responses request was not prepared");
  return call.conversation;
}

/** The client's request, without what the gateway attached. */
export function clientRequest(call: ResponsesCall): ResponseCreateRequest {
  const { conversation: _conversation, ...request } = call;
  return request;
}
