import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerResponse } from "node:http";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { startMockUpstream, type MockUpstream, type RecordedRequest } from "../helpers/mock-upstream.js";
import {
  admin,
  chat,
  eventually,
  json,
  micros,
  newKey,
  pricedModels,
  replyJson,
  replySse,
  usage,
} from "../helpers/keys.js";

// Limits and budgets on every model request, enforced by the accounts' Durable Objects before any
// upstream call: rpm, tpm, max_parallel_requests, budgets of keys and end users, budget resets.
let up: MockUpstream;
let gw: TestGateway;
/** Upstream requests held open until released (max_parallel_requests). */
const held: Array<() => void> = [];

function reply(req: RecordedRequest, res: ServerResponse): void {
  const body = req.json() as { max_tokens?: number; stream?: boolean; messages: Array<{ content: string }> };
  const u = usage(10, body.max_tokens ?? 10);
  if (body.messages[0]?.content === "hold") {
    held.push(() => replyJson(res, u));
    return;
  }
  if (body.stream) replySse(res, u);
  else replyJson(res, u);
}

beforeAll(async () => {
  up = await startMockUpstream(reply);
  gw = await startGateway({ config: configWith(pricedModels(up.url)) });
});
afterAll(async () => {
  for (const release of held.splice(0)) release();
  await gw?.stop();
  await up?.close();
});

const upstreamCalls = () => up.requests.length;

describe("rate limits", () => {
  it("rpm_limit: the request past the limit is a 429 with retry-after and x-ratelimit headers, never sent upstream", async () => {
    const k = await newKey(gw, { rpm_limit: 2, tpm_limit: 1_000_000 });
    const first = await chat(gw, k.key);
    expect(first.status).toBe(200);
    expect(first.headers.get("x-ratelimit-limit-requests")).toBe("2");
    expect(first.headers.get("x-ratelimit-remaining-requests")).toBe("1");
    expect(first.headers.get("x-ratelimit-limit-tokens")).toBe("1000000");
    expect(first.headers.get("x-ratelimit-remaining-tokens")).toBeTruthy();
    expect((await chat(gw, k.key)).headers.get("x-ratelimit-remaining-requests")).toBe("0");
    const before = upstreamCalls();
    const res = await chat(gw, k.key);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(res.headers.get("x-ratelimit-limit-requests")).toBe("2");
    expect(res.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(res.headers.get("x-ratelimit-limit-tokens")).toBe("1000000");
    expect(res.headers.get("x-ratelimit-remaining-tokens")).toBeTruthy();
    expect((await json(res)).error).toMatchObject({ type: "rate_limit_error", code: "rpm_limit_exceeded" });
    expect(upstreamCalls()).toBe(before);
  });

  it("tpm_limit: once the minute's tokens reach the limit, the next request is a 429", async () => {
    const k = await newKey(gw, { tpm_limit: 50 });
    expect((await chat(gw, k.key, { max_tokens: 45 })).status).toBe(200); // 10 + 45 tokens
    const res = await eventually(async () => {
      const r = await chat(gw, k.key, { max_tokens: 1 });
      return r.status === 429 ? r : undefined;
    }, "the token window to fill");
    expect(res.headers.get("x-ratelimit-limit-tokens")).toBe("50");
    expect(res.headers.get("x-ratelimit-remaining-tokens")).toBe("0");
    expect((await json(res)).error).toMatchObject({ code: "tpm_limit_exceeded" });
  });

  it("max_parallel_requests: a second request while the first is in flight is a 429; it frees when the first ends", async () => {
    const k = await newKey(gw, { max_parallel_requests: 1 });
    const first = chat(gw, k.key, { messages: [{ role: "user", content: "hold" }] });
    await eventually(async () => (held.length ? true : undefined), "the first request upstream");
    const second = await chat(gw, k.key);
    expect(second.status).toBe(429);
    expect((await json(second)).error).toMatchObject({ code: "max_parallel_requests_exceeded" });
    expect(second.headers.get("retry-after")).toBe("1");
    held.shift()!();
    expect((await first).status).toBe(200);
    await eventually(async () => ((await chat(gw, k.key)).status === 200 ? true : undefined), "the slot to free");
  });

  it("team limits bind all the team's keys together", async () => {
    const t = await admin(gw, "/team/new", { rpm_limit: 2 });
    const a = await newKey(gw, { team_id: t.team_id });
    const b = await newKey(gw, { team_id: t.team_id });
    expect((await chat(gw, a.key)).status).toBe(200);
    expect((await chat(gw, b.key)).status).toBe(200);
    const res = await chat(gw, a.key);
    expect(res.status).toBe(429);
    expect((await json(res)).error.message).toContain("team");
  });
});

describe("budgets", () => {
  it("the previous version's per-request ledger calls still admit, settle and release (isolates that outlive a deploy)", async () => {
    const k = await newKey(gw, { max_budget: 0.0002 }); // 200 µ$
    const ns = await gw.mf.getDurableObjectNamespace("ACCOUNTS");
    type Legacy = {
      admit(req: {
        requestId: string;
        costMicros: number;
        settles?: Array<{ requestId: string; costMicros: number; tokens: number }>;
      }): Promise<{ ok: boolean }>;
      settleMany(reqs: Array<{ requestId: string; costMicros: number; tokens: number }>): Promise<void>;
      release(requestId: string): Promise<void>;
    };
    const ledger = ns.get(ns.idFromName(`key:${k.token_id}`)) as unknown as Legacy;
    expect((await ledger.admit({ requestId: "old-1", costMicros: 150 })).ok).toBe(true);
    expect((await ledger.admit({ requestId: "old-2", costMicros: 100 })).ok).toBe(false); // 150 held + 100 > 200
    await ledger.release("old-1");
    expect((await ledger.admit({ requestId: "old-3", costMicros: 100 })).ok).toBe(true);
    await ledger.settleMany([{ requestId: "old-3", costMicros: 70, tokens: 7 }]);
    const info = await admin(gw, `/key/info?key=${k.key}`);
    expect(micros(info.info.spend)).toBe(70);
  });

  it("a key over budget gets 429 budget_exceeded giving spend and limit, before any upstream call", async () => {
    const k = await newKey(gw, { key_alias: "capped", max_budget: 0.0001 }); // 100 µ$
    expect((await chat(gw, k.key, { max_tokens: 100 })).status).toBe(200); // costs exactly 100
    await eventually(
      async () => (micros((await admin(gw, `/key/info?key=${k.key}`)).info.spend) === 100 ? true : undefined),
      "spend",
    );
    const before = upstreamCalls();
    const res = await chat(gw, k.key, { max_tokens: 1 });
    expect(res.status).toBe(429);
    const body = await json(res);
    expect(body.error).toMatchObject({ type: "budget_exceeded", code: "budget_exceeded" });
    expect(body.error.message).toBe(
      `Budget has been exceeded! Current cost: 0.0001, Max budget: 0.0001. key "capped" (${k.key_name}): current spend $0.000100, max_budget $0.000100`,
    );
    expect(upstreamCalls()).toBe(before);
    // raising the budget lets it through again
    await admin(gw, "/key/update", { key: k.key, max_budget: 1 });
    expect((await chat(gw, k.key, { max_tokens: 1 })).status).toBe(200);
  });

  it("resets at each budget_duration boundary (2 s on workerd)", async () => {
    const k = await newKey(gw, { max_budget: 0.0001, budget_duration: "2s" });
    expect((await chat(gw, k.key, { max_tokens: 100 })).status).toBe(200);
    const info = await eventually(async () => {
      const i = (await admin(gw, `/key/info?key=${k.key}`)).info;
      return micros(i.spend) === 100 ? i : undefined;
    }, "spend");
    const resetAt = Date.parse(info.budget_reset_at);
    const refused = await chat(gw, k.key, { max_tokens: 100 });
    if (Date.now() < resetAt) expect(refused.status).toBe(429);
    // the next period admits again and starts from zero spend
    await eventually(
      async () => ((await chat(gw, k.key, { max_tokens: 100 })).status === 200 ? true : undefined),
      "the budget to reset",
    );
    const after = await eventually(async () => {
      const i = (await admin(gw, `/key/info?key=${k.key}`)).info;
      return micros(i.spend) === 100 && Date.parse(i.budget_reset_at) > resetAt ? i : undefined;
    }, "the new period's spend");
    expect(Date.parse(after.budget_reset_at) - resetAt).toBeGreaterThanOrEqual(2000);
  });

  it("streams are charged from their final usage", async () => {
    const k = await newKey(gw, { max_budget: 1 });
    const res = await chat(gw, k.key, { stream: true, max_tokens: 77 });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("[DONE]");
    const info = await eventually(async () => {
      const i = (await admin(gw, `/key/info?key=${k.key}`)).info;
      return i.spend > 0 ? i : undefined;
    }, "stream spend");
    expect(micros(info.spend)).toBe(77);
  });
});

describe("end users (the request's `user`)", () => {
  it("/customer/new budgets an end user across keys; /customer/info shows spend; other end users are unaffected", async () => {
    const c = await admin(gw, "/customer/new", { user_id: "alice", max_budget: 0.0001, alias: "Alice" });
    expect(c).toMatchObject({
      user_id: "alice",
      blocked: false,
      spend: 0,
      litellm_budget_table: { max_budget: 0.0001 },
    });
    const k1 = await newKey(gw, {});
    const k2 = await newKey(gw, {});
    expect((await chat(gw, k1.key, { user: "alice", max_tokens: 60 })).status).toBe(200);
    const res = await chat(gw, k2.key, { user: "alice", max_tokens: 60 }); // 60 + 60 > 100
    expect(res.status).toBe(429);
    const body = await json(res);
    expect(body.error).toMatchObject({ type: "budget_exceeded" });
    expect(body.error.message).toContain('end user "alice"');
    expect((await chat(gw, k2.key, { user: "bob", max_tokens: 60 })).status).toBe(200);
    const info = await eventually(async () => {
      const i = await admin(gw, "/customer/info?end_user_id=alice");
      return i.spend > 0 ? i : undefined;
    }, "end user spend");
    expect(micros(info.spend)).toBe(60);
    expect((await gw.call("/customer/info?end_user_id=nobody")).status).toBe(404);
  });

  it("a blocked end user gets 403 (with the master key too); unblock lifts it", async () => {
    await admin(gw, "/customer/new", { user_id: "mallory" });
    expect(await admin(gw, "/customer/block", { user_ids: ["mallory"] })).toEqual({ blocked_users: ["mallory"] });
    const byMaster = await gw.call("/v1/chat/completions", {
      body: { model: "priced", user: "mallory", messages: [{ role: "user", content: "hi" }] },
    });
    expect(byMaster.status).toBe(403);
    expect((await json(byMaster)).error).toMatchObject({ code: "end_user_blocked", param: "user" });
    await admin(gw, "/customer/unblock", { user_ids: ["mallory"] });
    expect((await chat(gw, (await newKey(gw)).key, { user: "mallory" })).status).toBe(200);
    expect((await gw.call("/customer/block", { body: { user_ids: ["nobody"] } })).status).toBe(404);
  });
});
