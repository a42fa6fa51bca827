import type { Deps } from "../deps.js";
import type { Router } from "../routing/router.js";

/** Per-request variables every route can read. */
export interface AppEnv {
  Variables: { deps: Deps; router: Router; requestId: string };
}
