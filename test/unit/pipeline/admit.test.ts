import { describe, expect, it } from "vitest";
import { libraryDeps } from "../../../src/library/gateway.js";
import { GatewayError } from "../../../src/errors/gateway-error.js";
import type { Principal } from "../../../src/state/principal.js";
import { ChatCompletionRequest } from "../../../src/openai/chat-request.js";
import type { Deps } from "../../../src/deps.js";
import { admitRequest } from "../../../src/pipeline/admit.js";
import { chatOperation } from "../../../src/pipeline/operations/chat.js";
import { overridesOf } from "../../../src/pipeline/run-operation.js";
import { planDeployments, planRoute } from "../../../src/routing/route-plan.js";
import { authorizeModel } from "../../../src/pipeline/authorize-model.js";
import { noLimits, type AccountLimits } from "../../../src/state/account-limits.js";
import { MemoryLedgers } from "../../../src/state/memory/ledgers.js";

const T0 = Date.UTC(2026, 4, 1);
const config = {
  model_list: [
    {
      model_name: "priced",
      litellm_params: {
        model: "openai/test-model",
        api_key: "k",
        input_cost_per_token: 0,
        output_cost_per_token: 0.000001,
      },
    },
    {
      model_name: "pricier",
      litellm_params: {
        model: "openai/test-model-2",
        api_key: "k",
        input_cost_per_token: 0,
        output_cost_per_token: 0.000003,
      },
    },
  ],
  router_settings: { fallbacks: [{ priced: ["pricier"] }] },
};

function setup() {
  let now = T0;
  const ledgers = new MemoryLedgers(() => now);
  const { deps, pending } = libraryDeps({
    config,
    env: {},
    now: () => now,
    state: { ledgers },
    log: { info() {}, warn() {}, error() {} },
  });
  return {
    deps,
    ledgers,
    pending,
    tick: (ms: number) => {
      now += ms;
    },
  };
}

const limits = (l: Partial<AccountLimits>): AccountLimits => ({ ...noLimits(1, T0), ...l });
const keyPrincipal = (key: Partial<AccountLimits>, team?: Partial<AccountLimits>): Principal => ({
  kind: "virtual",
  keyHash: "h",
  keyAlias: "ci",
  keyName: "sk-...abcd",
  teamId: team ? "t1" : null,
  userId: null,
  models: ["priced", "pricier"],
  aliases: { fast: "priced" },
  metadata: {},
  accounts: [
    { ref: { kind: "key", id: "k1" }, label: 'key "ci" (sk-...abcd)', limits: limits(key) },
    ...(team ? [{ ref: { kind: "team" as const, id: "t1" }, label: 'team "A"', limits: limits(team) }] : []),
  ],
});
const request = (r: Record<string, unknown> = {}) =>
  ChatCompletionRequest.parse({ model: "priced", messages: [{ role: "user", content: "hi" }], max_tokens: 100, ...r });

async function refusal(p: Promise<unknown>): Promise<GatewayError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof GatewayError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

/** Admission as the spine runs it: priced over the request's route plan (its group and its fallbacks). */
function admit(
  deps: Deps,
  o: { principal: Principal; request: ChatCompletionRequest; bodyText: string; requestId: string },
) {
  const plan = planRoute(deps.config, { model: o.request.model, operation: "chat", overrides: overridesOf(o.request) });
  return admitRequest(deps, {
    principal: o.principal,
    endUser: o.request.user,
    requestId: o.requestId,
    costBound: () => chatOperation.costBound(o.request, planDeployments(plan), { kind: "json", text: o.bodyText }),
  });
}

describe("admission", () => {
  it("reserves the bound over the group and its fallbacks on every account, then settles the real cost", async () => {
    const { deps, ledgers, pending } = setup();
    const p = keyPrincipal({ maxBudgetMicros: 10_000 }, { maxBudgetMicros: 10_000 });
    const a = await admit(deps, { principal: p, request: request(), bodyText: "{}", requestId: "r1" });
    // the fallback group costs up to 3 µ$ per output token: 100 tokens → 300
    expect((await ledgers.usage({ kind: "key", id: "k1" })).reservedMicros).toBe(300);
    expect((await ledgers.usage({ kind: "team", id: "t1" })).reservedMicros).toBe(300);
    a.settle({ costMicros: 42, tokens: 7 });
    a.settle({ costMicros: 42, tokens: 7 });
    await Promise.all(pending);
    for (const ref of [
      { kind: "key", id: "k1" },
      { kind: "team", id: "t1" },
    ] as const) {
      expect(await ledgers.usage(ref)).toMatchObject({ spendMicros: 42, reservedMicros: 0, tokensLastMinute: 7 });
    }
  });

  it("a team refusal undoes the key's reservation and names the team", async () => {
    const { deps, ledgers, pending } = setup();
    const p = keyPrincipal({ maxBudgetMicros: 10_000 }, { maxBudgetMicros: 100 });
    const e = await refusal(admit(deps, { principal: p, request: request(), bodyText: "{}", requestId: "r1" }));
    expect(e).toMatchObject({ status: 429, type: "budget_exceeded", code: "budget_exceeded" });
    expect(e.message).toMatch(/team "A".*max_budget \$0\.000100/);
    await Promise.all(pending);
    expect((await ledgers.usage({ kind: "key", id: "k1" })).reservedMicros).toBe(0);
  });

  it("rate-limit refusals are 429s with retry-after and x-ratelimit headers; grants carry the headers too", async () => {
    const { deps } = setup();
    const p = keyPrincipal({ rpmLimit: 1, tpmLimit: 1000 });
    const ok = await admit(deps, { principal: p, request: request(), bodyText: "{}", requestId: "r1" });
    expect(ok.headers).toEqual({
      "x-ratelimit-limit-requests": "1",
      "x-ratelimit-remaining-requests": "0",
      "x-ratelimit-limit-tokens": "1000",
      "x-ratelimit-remaining-tokens": "1000",
    });
    const e = await refusal(admit(deps, { principal: p, request: request(), bodyText: "{}", requestId: "r2" }));
    expect(e).toMatchObject({ status: 429, type: "rate_limit_error", code: "rpm_limit_exceeded" });
    expect(e.retryAfter).toBeGreaterThanOrEqual(1);
    expect(e.headers).toMatchObject({ "x-ratelimit-limit-requests": "1", "x-ratelimit-remaining-requests": "0" });
  });

  it("charges the end user named in `user` even for the master key, and refuses a blocked one with 403", async () => {
    const { deps, ledgers } = setup();
    await ledgers.configure({ kind: "customer", id: "alice" }, limits({ blocked: true }));
    const e = await refusal(
      admit(deps, {
        principal: { kind: "master" },
        request: request({ user: "alice" }),
        bodyText: "{}",
        requestId: "r1",
      }),
    );
    expect(e).toMatchObject({ status: 403, code: "end_user_blocked", param: "user" });
    await ledgers.configure({ kind: "customer", id: "bob" }, limits({ maxBudgetMicros: 1_000 }));
    await admit(deps, {
      principal: { kind: "master" },
      request: request({ user: "bob" }),
      bodyText: "{}",
      requestId: "r2",
    });
    expect((await ledgers.usage({ kind: "customer", id: "bob" })).reservedMicros).toBe(300);
    // an end user nobody configured is not limited and holds nothing
    await admit(deps, {
      principal: { kind: "master" },
      request: request({ user: "carl" }),
      bodyText: "{}",
      requestId: "r3",
    });
    expect((await ledgers.usage({ kind: "customer", id: "carl" })).inFlight).toBe(0);
  });

  it("a ledger that does not answer fails closed with 503", async () => {
    const { deps } = setup();
    deps.state.ledgers = { ...new MemoryLedgers(), admit: () => Promise.reject(new Error("down")) } as never;
    const e = await refusal(
      admit(deps, { principal: keyPrincipal({}), request: request(), bodyText: "{}", requestId: "r1" }),
    );
    expect(e).toMatchObject({ status: 503, code: "ledger_unavailable" });
  });
});

describe("model authorization", () => {
  it("applies the key's aliases, then the allow-list; a denied model is a 403 naming it", () => {
    const p = keyPrincipal({});
    expect(authorizeModel(p, "fast")).toBe("priced");
    expect(authorizeModel({ kind: "master" }, "anything")).toBe("anything");
    try {
      authorizeModel(p, "other-teams-model");
      throw new Error("allowed");
    } catch (e) {
      expect(e).toMatchObject({ status: 403, param: "model", code: "key_model_access_denied" });
      expect((e as Error).message).toMatch(/may not use model "other-teams-model"/);
    }
  });
});
