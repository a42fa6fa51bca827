import type { Deps } from "../deps.js";
import type { Router } from "../routing/router.js";

/** A request's ids: the gateway's own (the spend record's key), and the client's x-request-id if it sent one. */
export interface RequestIds {
  requestId: string;
  clientRequestId?: string;
}

/** Per-request variables every route can read. */
export interface AppEnv {
  Variables: { deps: Deps; router: Router; ids: RequestIds; requestId: string };
}
