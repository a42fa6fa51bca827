import { pricesFor } from "../accounting/cost.js";
import { costMicros } from "../accounting/cost.js";
import { totalTokens, type Metered } from "../accounting/metered.js";
import { lookupPrice } from "../accounting/prices.js";
import type { Deps } from "../deps.js";
import { GatewayError } from "../errors/gateway-error.js";
import type { OperationName } from "../providers/provider.js";
import type { RouteRequest, Router, RouteTrace } from "../routing/router.js";
import type { Principal } from "../state/principal.js";
import { recordSpend, spendRecord, type RequestFacts } from "./account.js";
import type { AccountStanding, Admission } from "./admit.js";
import { requestTags } from "../observability/request-tags.js";
import { requestLogOf } from "./request-log-of.js";
import type { Closing, GatewayRequest, Outcome } from "./operation.js";
import { routeHeaders } from "./route-headers.js";

/**
 * The one way a request closes. Whatever happened — a parse error, a refusal, an upstream failure,
 * a complete answer, a stream that ended or was cut — `finish` runs once and writes the router's
 * outcome, the budget settlement, the spend record and the request log (metrics, callbacks,
 * alerts), in that order.
 */
export class RequestCloser {
  readonly facts: RequestFacts;
  private route?: RouteRequest;
  private admission?: Admission;
  private closed = false;
  // --- observability: what the request log needs beyond the spend record ---
  private request?: Record<string, unknown>;
  private refused?: AccountStanding[];
  private stopHangingWatch?: () => void;
  private readonly requestHeaders?: { get(name: string): string | null };

  constructor(
    private readonly deps: Deps,
    private readonly router: Router,
    opts: {
      requestId: string;
      principal: Principal;
      operation: OperationName;
      clientRequestId?: string;
      /** The request's headers (x-switchyard-tags). */
      headers?: { get(name: string): string | null };
    },
  ) {
    this.requestHeaders = opts.headers;
    const trace: RouteTrace = { attemptedRetries: 0, attemptedFallbacks: 0 };
    this.facts = {
      requestId: opts.requestId,
      startedAt: deps.now(),
      principal: opts.principal,
      operation: opts.operation,
      requestedModel: null,
      endUser: null,
      stream: false,
      tags: [],
      metadata: opts.clientRequestId ? { client_request_id: opts.clientRequestId } : {},
      trace,
    };
  }

  /** What the parsed request says about itself, for the spend record. */
  describe(req: GatewayRequest, model: string, stream: boolean): void {
    const f = this.facts;
    f.requestedModel = model;
    f.endUser = req.user ?? null;
    f.stream = stream;
    f.tags = requestTags({ body: req, headers: this.requestHeaders });
    this.request = req as unknown as Record<string, unknown>;
  }

  routed(route: RouteRequest): void {
    this.route = route;
    const p = this.facts.principal;
    this.stopHangingWatch = this.deps.observer?.watchHanging(
      {
        modelGroup: route.plan.primary.name,
        keyAlias: p.kind === "virtual" ? p.keyAlias : null,
        teamId: p.kind === "virtual" ? p.teamId : null,
      },
      this.deps.defer,
    );
  }

  /** A budget refused the request: where it stands (for budget alerts). */
  refusedBy(standings: AccountStanding[]): void {
    this.refused = standings;
  }

  admitted(admission: Admission): void {
    this.admission = admission;
  }

  /** What `respond` needs to answer and close. */
  closing(extraHeaders: Record<string, string>): Closing {
    return {
      headers: { ...this.headers(), ...extraHeaders },
      startedAt: this.facts.startedAt,
      now: this.deps.now,
      cost: (usage) => this.cost(usage),
      finish: (o) => this.finish(o),
    };
  }

  private headers(): Record<string, string> {
    return routeHeaders(this.facts, {
      config: this.deps.config,
      now: this.deps.now(),
      overrides: this.route?.overrides,
    });
  }

  cost(usage: Metered | undefined): number {
    const d = this.facts.trace.deployment;
    return d ? costMicros(usage, pricesFor(d, lookupPrice)) : 0;
  }

  finish(o: Outcome): void {
    if (this.closed) return;
    this.closed = true;
    const { deps, facts } = this;
    const cost = o.costMicros ?? this.cost(o.usage);
    if (this.route) {
      this.router.settle?.(this.route, {
        status: o.status,
        error: o.error,
        ttftMs: o.ttftMs,
        latencyMs: deps.now() - facts.startedAt,
        promptTokens: o.usage?.promptTokens ?? 0,
        completionTokens: o.usage?.completionTokens ?? 0,
      });
    }
    const standings =
      this.admission?.settle({
        costMicros: cost,
        tokens: o.cache?.limitTokens ?? totalTokens(o.usage),
        group: facts.trace.group,
      }) ?? this.refused;
    const record = spendRecord(deps, facts, {
      usage: o.usage,
      costMicros: cost,
      status: o.status,
      error: o.error,
      ttftMs: o.ttftMs,
      cache: o.cache,
    });
    recordSpend(deps, record);
    // --- observability: one request log per request, whatever the retries ---
    this.stopHangingWatch?.();
    const observer = deps.observer;
    if (!observer?.takesRequestLog({ keyed: facts.principal.kind !== "master" })) return;
    try {
      const log = requestLogOf(deps, {
        facts,
        record,
        outcome: o,
        request: this.request,
        standings: standings ?? [],
        primaryGroup: this.route?.plan.primary.name,
      });
      observer.finish(log, deps.defer);
    } catch (e) {
      deps.log.error("request log failed", { request_id: facts.requestId, error: String(e) });
    }
  }

  /** Close a request that failed, then rethrow its error with the routing headers on it. */
  fail(e: unknown): never {
    const status = e instanceof GatewayError ? e.status : 500;
    // The client learns which deployment failed and how many retries and fallbacks were tried.
    if (e instanceof GatewayError) e.headers = { ...this.headers(), ...e.headers };
    this.finish({ status, error: e, costMicros: 0 });
    throw e;
  }
}
