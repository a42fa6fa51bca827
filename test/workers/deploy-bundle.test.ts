import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

// What `wrangler deploy` would upload, built offline with --dry-run: the config ships inside it.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const out = mkdtempSync(path.join(tmpdir(), "switchyard-deploy-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("wrangler deploy bundle", () => {
  it("builds with config.yaml embedded and every Durable Object, D1 and R2 binding declared", () => {
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", out],
      {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
        timeout: 120_000,
      },
    );
    expect(r.status, r.stderr).toBe(0);
    for (const b of ["ROUTER_STATE", "ACCOUNTS", "SPEND_OUTBOX", "env.DB", "env.RESPONSES_BUCKET"])
      expect(r.stdout).toContain(b);
    // The upload: the worker module plus config.yaml as a Text module next to it.
    const files = readdirSync(out).filter((f) => !f.endsWith(".map") && f !== "README.md");
    expect(files.some((f) => f.endsWith("config.yaml"))).toBe(true);
    const js = files.map((f) => readFileSync(path.join(out, f), "utf8")).join("\n");
    const config = readFileSync(path.join(ROOT, "config.yaml"), "utf8");
    const firstModel = /model_name:\s*(\S+)/.exec(config)![1]!;
    expect(js).toContain(`model_name: ${firstModel}`);
  });
});
