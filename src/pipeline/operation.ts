import type { Metered } from "../accounting/metered.js";
import type { Deps } from "../deps.js";
import type { Deployment } from "../providers/deployment.js";
import type { OperationName } from "../providers/provider.js";
import type { CallTimeouts } from "../upstream/call-provider.js";
import type { Principal } from "../state/principal.js";
import type { OperationCache } from "./caching/operation-cache.js";

/** The request body as a route received it (size-limited already). */
export type RequestBody = { kind: "json"; text: string } | { kind: "form"; form: FormData; bytes: number };

/** Fields every operation's request carries (src/openai/gateway-fields.ts), read by the spine itself. */
export interface GatewayRequest {
  model?: string | null;
  stream?: boolean | null;
  user?: string | null;
  tags?: string[] | null;
  metadata?: Record<string, unknown> | null;
  fallbacks?: Array<string | Record<string, unknown>> | null;
  disable_fallbacks?: boolean | null;
  num_retries?: number | null;
  timeout?: number | null;
  stream_timeout?: number | null;
  mock_response?: string | Record<string, unknown> | null;
  mock_testing_fallbacks?: boolean | null;
  mock_testing_rate_limit_error?: boolean | null;
  mock_timeout?: boolean | null;
}

/** One attempt of an operation on one deployment. */
export interface AttemptContext<Req> {
  deps: Deps;
  request: Req;
  deployment: Deployment;
  timeouts: CallTimeouts;
  requestId: string;
  /** The client's signal, where the host wants it watched (library mode). */
  signal?: AbortSignal;
}

/** How a request ended; the spine prices it and closes the request with it. */
export interface Outcome {
  status: number;
  usage?: Metered;
  error?: unknown;
  /** Time to the first chunk of a stream. */
  ttftMs?: number;
  /** The cost when the operation knows it better than its usage does (a mock answer costs nothing). */
  costMicros?: number;
  /** The response cache's part: hit or miss, what a hit saved, and the tokens a hit counts in tpm (usage's otherwise). */
  cache?: { hit: boolean; savedCostMicros?: number; limitTokens?: number };
  /** The answer as the client got it (JSON answers), for callbacks that log content. */
  response?: unknown;
}

/** What `respond` gets to build the client's response and close the request. */
export interface Closing {
  /** Response headers so far (request id, routing, rate limits); `respond` adds its own. */
  headers: Record<string, string>;
  /** When the request started (epoch ms), for time to first token. */
  startedAt: number;
  /** The gateway's clock. */
  now: () => number;
  /** What a usage costs on the deployment that answered, in micro-dollars. */
  cost(usage: Metered | undefined): number;
  /** Close the request: router outcome, budget settlement and spend record, once. */
  finish(outcome: Outcome): void;
}

/**
 * One operation of the API (chat completions, embeddings, ...): everything the spine
 * (src/pipeline/run-operation.ts) does not know about it. The spine authenticates, parses with
 * `parse`, plans the route from the request's model, admits it priced by `costBound`, routes
 * `call` over the plan's deployments, and hands the answer to `respond`, which closes the request.
 */
export interface Operation<Req extends GatewayRequest, Out> {
  readonly name: OperationName;
  /** Body → validated request; a 400 naming what is wrong. Async only where it must read an upload. */
  parse(body: RequestBody): Req | Promise<Req>;
  /** The model group the request names (an operation may supply a default). */
  model(req: Req, deps: Deps): string;
  /** Whether the answer is streamed. */
  stream(req: Req): boolean;
  /** Upper bound of what the request can cost (micro-dollars) on any of these deployments, before it runs. */
  costBound(req: Req, deployments: readonly Deployment[], body: RequestBody): number;
  /**
   * Optional: state the request needs before its first attempt (a stored conversation), loaded
   * alongside admission; its error is the request's. The attempts and `respond` get what it returns.
   */
  prepare?(req: Req, ctx: { deps: Deps; principal: Principal }): Promise<Req>;
  /** One attempt on one deployment: prepare, call, map. */
  call(ctx: AttemptContext<Req>): Promise<Out>;
  /** The client's response; calls `close.finish` exactly once (now, or when a stream ends). */
  respond(out: Out, close: Closing, req: Req): Response | Promise<Response>;
  /** How the response cache takes part (src/pipeline/caching/); absent = never cached. */
  readonly cache?: OperationCache<Req, Out>;
}
