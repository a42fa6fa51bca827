import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** Screenshots and other browser-test artifacts (gitignored). */
export const ARTIFACTS = path.join(ROOT, "test-artifacts");

/** Debian's `chromium` package (.ci/run installs it). */
export const CHROMIUM = "/usr/bin/chromium";

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile; close() ends it and removes the profile. */
export async function startBrowser(opts: { timezoneId?: string } = {}): Promise<TestBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), "switchyard-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 900 },
    timezoneId: opts.timezoneId ?? "America/New_York",
    locale: "en-US",
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, dir: string, name: string): Promise<string> {
  const out = path.join(ARTIFACTS, dir);
  mkdirSync(out, { recursive: true });
  const file = path.join(out, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/**
 * axe-core's WCAG 2 A/AA checks on the page as it is now. The script is injected through
 * Playwright's evaluate (the page's Content-Security-Policy allows no other script).
 */
export async function axe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  // a string runs in the page, whose types (document, axe) the tests do not compile against
  return page.evaluate<AxeViolation[]>(`axe
    .run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`);
}
