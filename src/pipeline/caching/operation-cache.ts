import type { CacheRuntime } from "../../cache/cache-runtime.js";
import type { Deps } from "../../deps.js";
import type { RouteTrace } from "../../routing/router.js";
import type { Principal } from "../../state/principal.js";
import type { Closing } from "../operation.js";

/** What an operation's cache gets to open one request's cache. */
export interface CacheOpenContext<Req, Out> {
  deps: Deps;
  runtime: CacheRuntime;
  principal: Principal;
  /** The client's headers (Cache-Control, x-switchyard-cache-namespace). */
  headers: Headers;
  request: Req;
  /** The model group the plan resolved (aliases and deployments of a group share entries). */
  modelGroup: string;
  /** The request's trace: a hit names its model group there (no router ran). */
  trace: RouteTrace;
  /** The operation's own `respond`, for a miss. */
  respond(out: Out, close: Closing, req: Req): Response | Promise<Response>;
  /** The semantic cache's embedding of a prompt (an embeddings request through the spine); absent = exact only. */
  embed?: (text: string) => Promise<number[]>;
}

/** One request's cache as the spine sees it: a hit to serve, or a miss to route and then store. */
export interface CachedRequest<Req, Out> {
  /** Set on a hit: answer from the stored entry, without routing. */
  readonly hit?: (close: Closing) => Response | Promise<Response>;
  /** The request to route on a miss (an embeddings batch narrowed to the inputs not found). */
  readonly request: Req;
  /**
   * Answer a miss through the operation and store the answer once it is complete. `prepared` is the
   * request as the operation's `prepare` returned it (the one the operation's `respond` wants).
   */
  respond(out: Out, close: Closing, prepared?: Req): Response | Promise<Response>;
  /** The miss failed before it answered: identical requests waiting on it go upstream on their own. */
  abandon(): void;
}

/**
 * How an operation takes part in the response cache. `open` reads the controls (a 400 when they
 * are malformed or not allowed for the key), looks up, and returns undefined when the cache does
 * not apply to the request (off, the operation not cached, a stateful request).
 */
export interface OperationCache<Req, Out> {
  open(ctx: CacheOpenContext<Req, Out>): Promise<CachedRequest<Req, Out> | undefined>;
}

/** The key's allowed_cache_controls (the master key may use every control). */
export function allowedControlsOf(p: Principal): readonly string[] | undefined {
  return p.kind === "virtual" ? p.allowedCacheControls : undefined;
}
