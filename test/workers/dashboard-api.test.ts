import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, MASTER_KEY, startGateway, type TestGateway } from "../helpers/gateway.js";
import { sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { admin, chat, eventually, json, newKey, pricedModels, replyJson, usage } from "../helpers/keys.js";

// The dashboard's API on the built worker: its reports (from the hourly rollup the trigger keeps)
// with the same role narrowing as the spend routes, and its sessions (sign-in, revocation).
let up: MockUpstream;
let gw: TestGateway;
let alpha: { key: string; token: string };
let beta: { key: string; token: string };

beforeAll(async () => {
  up = await startMockUpstream((req, res) =>
    (req.json() as { model: string }).model === "test-model-b"
      ? sendJson(res, 400, { error: { message: "refused upstream", type: "invalid_request_error" } })
      : replyJson(res, usage(5, 40)),
  );
  gw = await startGateway({ config: configWith(pricedModels(up.url)) });
  alpha = await newKey(gw, { key_alias: "alpha" });
  beta = await newKey(gw, { key_alias: "beta" });
  for (const k of [alpha, alpha, alpha, beta]) expect((await chat(gw, k.key)).status).toBe(200);
  expect((await chat(gw, beta.key, { model: "pricey" })).status).toBe(400);
  await eventually(async () => {
    const t = await admin<{ requests: number }>(gw, "/global/spend");
    return t.requests === 5 ? t : undefined;
  }, "five spend records");
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

const as = (key: string, path: string) => gw.call(path, { headers: { authorization: `Bearer ${key}` } });

async function session(
  key: string,
): Promise<{ cookie: string; csrf: string; call: (p: string, body?: unknown) => Promise<Response> }> {
  const res = await fetch(`${gw.url}/ui/session`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: gw.url },
    body: JSON.stringify({ key }),
  });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
  const { csrf_token: csrf } = await json<{ csrf_token: string }>(res);
  const call = (p: string, body?: unknown) =>
    fetch(`${gw.url}${p}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { cookie, "x-csrf-token": csrf, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { cookie, csrf, call };
}

describe("GET /spend/activity", () => {
  it("sums every request (errors included) per hour, agreeing with the raw spend logs", async () => {
    const a = await admin(gw, "/spend/activity");
    const raw = await admin(gw, "/global/spend");
    expect(a.totals).toMatchObject({ requests: 5, errors: 1, spend_micros: raw.spend_micros });
    expect(a.hourly.reduce((s: number, h: { requests: number }) => s + h.requests, 0)).toBe(5);
    for (const h of a.hourly) expect(h.hour % 3_600_000).toBe(0);
    expect(a.by_model.map((m: { id: string; requests: number }) => [m.id, m.requests]).sort()).toEqual([
      ["priced", 4],
      ["pricey", 1],
    ]);
    expect(a.by_key.find((k: { label: string }) => k.label === "alpha")).toMatchObject({ requests: 3, errors: 0 });
  });

  it("ranks keys the same whether today is a whole day of the range or its partial last day", async () => {
    const DAY = 86_400_000;
    const midnight = Math.floor(Date.now() / DAY) * DAY; // UTC
    const whole = await admin(gw, `/spend/activity?start=${midnight - DAY}&end=${midnight + DAY + 3_600_000}`);
    const partial = await admin(gw, `/spend/activity?start=${midnight - DAY}&end=${Date.now() + 60_000}`);
    for (const a of [whole, partial]) {
      const rank = a.by_key.map((k: { label: string; requests: number; errors: number }) => [
        k.label,
        k.requests,
        k.errors,
      ]);
      expect(rank.sort()).toEqual([
        ["alpha", 3, 0],
        ["beta", 2, 1],
      ]);
    }
  });

  it("shows a key without a user only its own usage, and refuses it another key's", async () => {
    const own = await json(await as(beta.key, "/spend/activity"));
    expect(own.scope).toEqual({ type: "key", id: beta.token });
    expect(own.totals).toMatchObject({ requests: 2, errors: 1 });
    expect(own.by_key).toEqual([]);
    const other = await as(beta.key, `/spend/activity?api_key=${alpha.token}`);
    expect(other.status).toBe(403);
    expect((await json(other)).error.message).toContain("only your own");
  });

  it("names a bad range in a 400", async () => {
    const bad = await gw.call("/spend/activity?start=yesterday");
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.param).toBe("start");
    const reversed = await gw.call("/spend/activity?start=2026-01-02&end=2026-01-01");
    expect((await json(reversed)).error.message).toContain("must be before end");
  });
});

describe("GET /spend/deployments and /spend/logs/ui", () => {
  it("gives each deployment its error rate and latency percentiles, to admins and viewers only", async () => {
    const d = await admin(gw, "/spend/deployments");
    const priced = d.deployments.find((x: { model_group: string }) => x.model_group === "priced");
    const pricey = d.deployments.find((x: { model_group: string }) => x.model_group === "pricey");
    expect(priced).toMatchObject({ requests: 4, errors: 0, error_rate: 0 });
    expect(priced.p50_ms).toBeGreaterThanOrEqual(0);
    expect(priced.p99_ms).toBeGreaterThanOrEqual(priced.p50_ms);
    expect(pricey).toMatchObject({ requests: 1, errors: 1, error_rate: 1, p50_ms: null });
    expect((await as(alpha.key, "/spend/deployments")).status).toBe(401);
  });

  it("pages spend logs with LiteLLM's filters, narrowed to the caller's own", async () => {
    const failures = await admin(gw, "/spend/logs/ui?status_filter=failure");
    expect(failures.total).toBe(1);
    expect(failures.data[0]).toMatchObject({ status: "failure", status_code: 400, key_alias: "beta" });
    const page2 = await admin(gw, "/spend/logs/ui?page=2&page_size=2");
    expect(page2).toMatchObject({ total: 5, page: 2, page_size: 2, total_pages: 3 });
    expect(page2.data).toHaveLength(2);
    const own = await json(await as(alpha.key, "/spend/logs/ui"));
    expect(own.total).toBe(3);
    expect(new Set(own.data.map((r: { key_alias: string }) => r.key_alias))).toEqual(new Set(["alpha"]));
    expect((await gw.call("/spend/logs/ui?page_size=1000")).status).toBe(400);
  });
});

describe("dashboard sessions", () => {
  it("signs in only with a working key, and ends a key's sessions when the key is blocked", async () => {
    const wrong = await fetch(`${gw.url}/ui/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key: "sk-wrong-key-000" }),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();

    const k = await newKey(gw, { key_alias: "to-block" });
    const s = await session(k.key);
    const info = await s.call("/key/info");
    expect((await json(info)).info.key_alias).toBe("to-block");
    await admin(gw, "/key/block", { key: k.key });
    const after = await s.call("/key/info");
    expect(after.status).toBe(401);
    expect((await json(after)).error.code).toBe("key_blocked");
  });

  it("lets a proxy admin revoke every session; a key holder may not", async () => {
    const holder = await session(alpha.key);
    const master = await session(MASTER_KEY);
    expect((await holder.call("/ui/session/revoke_all", {})).status).toBe(401);
    const res = await master.call("/ui/session/revoke_all", {});
    expect(res.status).toBe(200);
    expect((await json(res)).revoked).toBeGreaterThanOrEqual(2);
    expect((await holder.call("/spend/activity")).status).toBe(401);
    expect((await master.call("/spend/activity")).status).toBe(401);
  });
});
