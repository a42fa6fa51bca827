import { afterAll, beforeAll, describe, expect, it } from "vitest";
import OpenAI from "openai";
import type { Page } from "playwright-core";
import { configWith, MASTER_KEY, startGateway, type TestGateway } from "../helpers/gateway.js";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { admin, eventually, pricedModels, replyJson, usage } from "../helpers/keys.js";
import { axe, screenshot, startBrowser, type TestBrowser } from "../helpers/browser.js";

// The dashboard in headless Chromium against the built worker on workerd: an admin's day (sign in,
// create a key, watch its request arrive, block it) and a key holder who sees only their own usage.
const SHOTS = "dashboard";
const TZ = "America/New_York";
let up: MockUpstream;
let gw: TestGateway;
let b: TestBrowser;
let page: Page;
let newKey = "";

beforeAll(async () => {
  up = await startMockUpstream((_req, res) => replyJson(res, usage(12, 30)));
  gw = await startGateway({ config: configWith(pricedModels(up.url)) });
  b = await startBrowser({ timezoneId: TZ });
  page = b.page;
});
afterAll(async () => {
  await b?.close();
  await gw?.stop();
  await up?.close();
});

async function loaded(title: string): Promise<void> {
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
  await expect.poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
}

async function signIn(key: string): Promise<void> {
  await page.goto(`${gw.url}/ui/`);
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await loaded("Overview");
}

async function open(title: string): Promise<void> {
  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: title }).click();
  await loaded(title);
}

const client = (key: string) => new OpenAI({ apiKey: key, baseURL: `${gw.url}/v1`, maxRetries: 0 });
const hi = { model: "priced", messages: [{ role: "user" as const, content: "hi" }] };
const today = () =>
  new Intl.DateTimeFormat("en-US", { timeZone: TZ, weekday: "short", month: "short", day: "numeric" }).format(
    new Date(),
  );

describe("dashboard", { timeout: 60_000 }, () => {
  it("signs in with the master key (an accessible sign-in page): an HttpOnly SameSite=Strict cookie holding a session id, never the key", async () => {
    await page.goto(`${gw.url}/ui/`);
    await page.getByLabel("API key").fill("sk-not-a-key");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("invalid API key");
    await screenshot(page, SHOTS, "sign-in");
    const signInViolations = (await axe(page)).filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(signInViolations).toEqual([]); // the sign-in page, with its error shown

    const answer = page.waitForResponse((r) => r.url().endsWith("/ui/session") && r.request().method() === "POST");
    await page.getByLabel("API key").fill(MASTER_KEY);
    await page.getByRole("button", { name: "Sign in" }).click();
    const setCookie = (await (await answer).headerValue("set-cookie")) ?? "";
    await loaded("Overview");
    expect(setCookie).toMatch(/^switchyard_session=[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(setCookie).not.toContain("Secure"); // plain http on loopback
    const cookie = (await b.context.cookies(gw.url)).find((c) => c.name === "switchyard_session")!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", secure: false });
    expect(cookie.value).not.toContain(MASTER_KEY);
    expect(await page.evaluate<string>("document.cookie")).not.toContain("switchyard_session");
  });

  it("refuses a session call without its CSRF token, and a sign-in from another origin", async () => {
    const attempt = (headers: Record<string, string>) =>
      page.evaluate(async (h) => {
        const r = await fetch("/key/generate", {
          method: "POST",
          headers: { "content-type": "application/json", ...h },
          body: "{}",
        });
        return { status: r.status, body: await r.json() };
      }, headers);
    expect(await attempt({})).toMatchObject({ status: 403, body: { error: { code: "csrf_token_invalid" } } });
    expect(await attempt({ "x-csrf-token": "forged" })).toMatchObject({ status: 403 });
    const keys = await admin<{ keys: string[] }>(gw, "/key/list");
    expect(keys.keys).toHaveLength(0); // nothing was created

    const cross = await fetch(`${gw.url}/ui/session`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ key: MASTER_KEY }),
    });
    expect(cross.status).toBe(403);
    expect(cross.headers.get("set-cookie")).toBeNull();
    const form = await fetch(`${gw.url}/ui/session`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `key=${MASTER_KEY}`,
    });
    expect(form.status).toBe(403);
  });

  it("creates a key, shows it once, and the key serves a chat request through the openai client", async () => {
    await open("Keys");
    await page.getByRole("button", { name: "Create key" }).click();
    const dialog = page.getByRole("dialog", { name: "Create key" });
    await dialog.getByLabel("Alias").fill("svc-dashboard");
    await dialog.getByLabel("Max budget (USD)").fill("5");
    await dialog.getByRole("button", { name: "Create" }).click();
    newKey = (await page.getByTestId("new-key").textContent()) ?? "";
    expect(newKey).toMatch(/^sk-/);
    await expect.poll(() => page.getByRole("row", { name: /svc-dashboard/ }).count()).toBe(1);
    await screenshot(page, SHOTS, "keys");

    const reply = await client(newKey).chat.completions.create(hi);
    expect(reply.choices[0]?.message.content).toBe("ok");
    await client(MASTER_KEY).chat.completions.create(hi); // someone else's usage, which the key holder must not see
  });

  it("shows the request in the spend logs, with its detail, and in the overview chart", async () => {
    await eventually(async () => {
      const r = await admin<{ total: number }>(gw, "/spend/logs/ui");
      return r.total >= 2 ? r : undefined;
    }, "both spend records");
    await open("Spend logs");
    await page.getByLabel("Key or key hash").fill(newKey);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await loaded("Spend logs");
    const row = page.getByRole("row", { name: /svc-dashboard/ });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain("priced");
    await row.getByRole("button").click();
    const detail = page.getByRole("dialog", { name: "Request detail" });
    expect(await detail.textContent()).toContain("200 success");
    expect(await detail.textContent()).toContain("12 prompt + 30 completion");
    await screenshot(page, SHOTS, "spend-log-detail");
    await detail.getByRole("button", { name: "Close" }).click();

    await open("Overview");
    const point = page.getByRole("img", { name: `${today()}: 0 errors, 2 successful` });
    await point.hover();
    await expect.poll(() => page.locator(".tip").textContent()).toContain("successful: 2");
    expect(await page.getByRole("region", { name: "Top spenders (keys)" }).textContent()).toContain("svc-dashboard");
    await screenshot(page, SHOTS, "overview");
  });

  it("blocks the key from the Keys page, and the next request with it is refused", async () => {
    await open("Keys");
    await page.getByRole("button", { name: "Block svc-dashboard" }).click();
    await page.getByRole("button", { name: "Unblock svc-dashboard" }).waitFor();
    expect(await page.getByRole("row", { name: /svc-dashboard/ }).textContent()).toContain("Blocked");
    const refused = await client(newKey)
      .chat.completions.create(hi)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((refused as Error).message).toContain("blocked");
    await page.getByRole("button", { name: "Unblock svc-dashboard" }).click();
    await page.getByRole("button", { name: "Block svc-dashboard" }).waitFor();
  });

  it("signs out (the session ends), then the key holder signs in and sees only their own usage", async () => {
    // the session as a stolen cookie and token would replay it
    const cookie = (await b.context.cookies(gw.url)).find((c) => c.name === "switchyard_session")!;
    const csrf = await page.evaluate(
      async () => ((await (await fetch("/ui/session")).json()) as { csrf_token: string }).csrf_token,
    );
    const replay = () =>
      fetch(`${gw.url}/key/list`, { headers: { cookie: `${cookie.name}=${cookie.value}`, "x-csrf-token": csrf } });
    expect((await replay()).status).toBe(200);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("API key").waitFor();
    expect((await b.context.cookies(gw.url)).some((c) => c.name === "switchyard_session")).toBe(false);
    const after = await replay();
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe("session_expired");

    await signIn(newKey);
    expect(await page.getByText("Showing only your own usage").count()).toBe(1);
    const nav = page.getByRole("navigation", { name: "Dashboard" });
    expect(await nav.getByRole("link").allTextContents()).toEqual(["Overview", "Keys", "Spend logs"]);
    const own = await admin<{ totals: { requests: number } }>(gw, `/spend/activity?api_key=${newKey}`);
    const all = await admin<{ totals: { requests: number } }>(gw, "/spend/activity");
    expect(own.totals.requests).toBeLessThan(all.totals.requests);
    const requests = page.locator(".stat", { hasText: "Requests" }).locator(".stat-value");
    expect(await requests.textContent()).toBe(String(own.totals.requests));
    const violations = (await axe(page)).filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(violations).toEqual([]);
    await screenshot(page, SHOTS, "key-holder-overview");

    await open("Spend logs");
    const keysShown = await page.locator("tbody tr td:nth-of-type(2)").allTextContents();
    expect(keysShown.length).toBeGreaterThan(0);
    expect(new Set(keysShown)).toEqual(new Set(["svc-dashboard"]));
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("API key").waitFor();
  });
});
