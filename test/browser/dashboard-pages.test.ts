import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import type { Page } from "playwright-core";
import { configWith, MASTER_KEY, startGateway, type TestGateway } from "../helpers/gateway.js";
import { sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { admin, chat, eventually, newKey, pricedModels, replyJson, usage } from "../helpers/keys.js";
import { axe, screenshot, startBrowser, type TestBrowser } from "../helpers/browser.js";

// Every page of the dashboard with data in it: an axe check and a screenshot each, keyboard access
// to the charts' numbers, phone width, the static files' Content-Security-Policy, and the cookie's
// Secure flag off loopback.
const SHOTS = "dashboard-pages";
const PAGES = ["Overview", "Keys", "Teams", "Users", "Customers", "Models", "Spend logs", "Cache"];
let up: MockUpstream;
let gw: TestGateway;
let b: TestBrowser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  // "pricey" refuses one request in four (a 400 is not retried), so the error charts have something to show
  let n = 0;
  up = await startMockUpstream((req, res) => {
    if ((req.json() as { model: string }).model === "test-model-b" && n++ % 4 === 0)
      return sendJson(res, 400, { error: { message: "upstream refused", type: "invalid_request_error" } });
    setTimeout(() => replyJson(res, usage(200, 400 + (n % 7) * 50)), 5 + (n % 5) * 20); // latencies that differ
  });
  gw = await startGateway({ config: configWith(pricedModels(up.url), "litellm_settings:\n  cache: true\n") });
  await admin(gw, "/team/new", { team_alias: "search", team_id: "team-search", max_budget: 2 });
  await admin(gw, "/user/new", { user_id: "ana", user_email: "ana@example.com", user_role: "internal_user" });
  await admin(gw, "/customer/new", { user_id: "acme", alias: "Acme Corp", max_budget: 10 });
  const keys = [
    await newKey(gw, { key_alias: "search-api", team_id: "team-search", max_budget: 1 }),
    await newKey(gw, { key_alias: "billing-batch", user_id: "ana" }),
  ];
  for (let i = 0; i < 24; i++)
    await chat(gw, keys[i % 2]!.key, { model: i % 3 ? "priced" : "pricey", user: "acme", max_tokens: 500 });
  await eventually(async () => {
    const r = await admin<{ total: number }>(gw, "/spend/logs/ui");
    return r.total >= 24 ? r : undefined;
  }, "the spend records");
  b = await startBrowser();
  page = b.page;
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  await page.goto(`${gw.url}/ui/`);
  await page.getByLabel("API key").fill(MASTER_KEY);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
});
afterAll(async () => {
  await b?.close();
  await gw?.stop();
  await up?.close();
});

async function open(title: string): Promise<void> {
  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: title }).click();
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
  await expect.poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
}

const serious = async () => (await axe(page)).filter((v) => v.impact === "serious" || v.impact === "critical");

describe("dashboard pages", { timeout: 60_000 }, () => {
  it("every page passes axe with no serious violations (and a screenshot of each is kept)", async () => {
    for (const title of PAGES) {
      await open(title);
      expect({ page: title, violations: await serious() }).toEqual({ page: title, violations: [] });
      await screenshot(page, SHOTS, title.toLowerCase().replace(/\W+/g, "-"));
    }
    await open("Keys");
    await page.getByRole("button", { name: "Create key" }).click();
    expect(await serious()).toEqual([]); // the dialog too
    await page.getByRole("button", { name: "Cancel" }).click();
  });

  it("charts give their numbers on keyboard focus, and as a table", async () => {
    await open("Overview");
    const chart = page.getByRole("figure").filter({ hasText: "Requests per day" });
    const today = chart.getByRole("img").last();
    await today.focus();
    const tip = await chart.locator(".tip").textContent();
    expect(tip).toMatch(/errors: \d+successful: \d+/);
    await chart.getByText("Requests per day as a table").click();
    const cells = await chart.getByRole("row").last().getByRole("cell").allTextContents();
    expect(cells.map(Number).reduce((a, c) => a + c, 0)).toBe(24);

    await open("Models");
    const latency = page.getByRole("figure").filter({ hasText: "Latency percentiles" });
    expect(await latency.locator("tbody tr").count()).toBe(2); // one per deployment
    const errors = page.getByRole("figure").filter({ hasText: "Error rate per deployment" });
    expect(await errors.getByRole("row", { name: /pricey/ }).textContent()).toMatch(/error rate: [1-9]\d*(\.\d)?%/);
  });

  it("is usable at phone width: nothing but tables scrolls sideways", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const title of ["Overview", "Keys", "Spend logs"]) {
      await open(title);
      const overflow = await page.evaluate<number>(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth",
      );
      expect({ title, overflow }).toEqual({ title, overflow: 0 });
      await screenshot(page, SHOTS, `${title.toLowerCase().replace(/\W+/g, "-")}-phone`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("serves the page from static assets under a strict Content-Security-Policy, with nothing from elsewhere", async () => {
    const res = await fetch(`${gw.url}/ui/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    for (const rule of [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'none'",
    ])
      expect(csp).toContain(rule);
    expect(csp).not.toMatch(/https?:|unsafe-inline|unsafe-eval/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const html = await res.text();
    expect(html).not.toMatch(/https?:\/\//);
    const js = await fetch(`${gw.url}/ui/app.js`);
    expect(js.headers.get("content-type")).toContain("javascript");
    expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });

  it("marks the session cookie Secure on any host but loopback", async () => {
    const { port } = new URL(gw.url);
    const setCookie = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port,
          path: "/ui/session",
          method: "POST",
          headers: {
            host: "gateway.example.com",
            origin: "http://gateway.example.com",
            "content-type": "application/json",
          },
        },
        (res) => {
          res.resume();
          resolve(String(res.headers["set-cookie"] ?? ""));
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify({ key: MASTER_KEY }));
    });
    expect(setCookie).toMatch(/; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
  });
});
