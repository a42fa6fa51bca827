import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { fixtureJson } from "../helpers/fixtures.js";
import { workerdPids } from "../helpers/workerd-process.js";

// `npm start -- --config FILE --port N`, as a user runs it: a child process group, stopped by pid.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let up: MockUpstream;
let dir: string;
const children: ChildProcess[] = [];

function start(
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [path.join(ROOT, "scripts/start.mjs"), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return { child, output: () => out, exited };
}

async function waitFor(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  up = await startMockUpstream((_req, res) => sendJson(res, 200, fixtureJson("openai/chat-completion.json")));
  dir = mkdtempSync(path.join(tmpdir(), "switchyard-start-"));
});
afterAll(async () => {
  for (const c of children)
    if (c.exitCode === null && c.pid)
      try {
        process.kill(-c.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
  await up?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("serves another config on another port with persisted state, and SIGTERM stops everything", async () => {
    const cfg = path.join(dir, "other.yaml");
    writeFileSync(
      cfg,
      `model_list:
  - model_name: local
    litellm_params: { model: openai/gpt-4o, api_key: os.environ/TEST_UP_KEY, api_base: ${up.url}/v1 }
general_settings: { master_key: os.environ/TEST_MASTER }
`,
    );
    const port = 20000 + Math.floor(Math.random() * 20000);
    const state = path.join(dir, "state");
    const before = new Set(workerdPids());
    const run = start(["--config", cfg, "--port", String(port), "--state", state], {
      TEST_UP_KEY: "sk-up-x",
      TEST_MASTER: "sk-start-master",
    });
    await waitFor(() => run.output().includes("listening on"), "listening");
    expect(run.output()).toContain(`http://127.0.0.1:${port}`);

    const res = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer sk-start-master", "content-type": "application/json" },
      body: JSON.stringify({ model: "local", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(res.status).toBe(200);
    expect(up.requests.at(-1)!.headers.authorization).toBe("Bearer sk-up-x");
    // State is persisted on disk (D1/DO sqlite files) under --state.
    expect(existsSync(state) && readdirSync(state).length).toBeTruthy();

    const ours = workerdPids().filter((p) => !before.has(p));
    expect(ours.length).toBeGreaterThan(0);
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    await waitFor(() => ours.every((p) => !existsSync(`/proc/${p}`)), "workerd to exit", 10_000);
  });

  it("a bad config stops start-up with the exact path and problem", async () => {
    const cfg = path.join(dir, "bad.yaml");
    writeFileSync(
      cfg,
      `model_list:\n  - model_name: a\n    litellm_params: { model: openai/x }\n  - model_name: b\n    litellm_params: { model: gpt-4o }\n`,
    );
    const run = start(["--config", cfg, "--port", "0"]);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('model_list[1].litellm_params.model: expected "provider/model"');
  });

  it("a first start with no master key set makes one, keeps it, prints it with a curl, and the demo model answers", async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const state = path.join(dir, "fresh-state");
    const env = { SWITCHYARD_MASTER_KEY: "", OPENAI_API_KEY: "", ANTHROPIC_API_KEY: "" };
    const run = start(["--port", String(port), "--state", state], env);
    await waitFor(() => run.output().includes("listening on"), "listening");
    const key = /\n {2}(sk-local-[A-Za-z0-9_-]+)\n/.exec(run.output())?.[1];
    expect(key).toBeDefined();
    expect(run.output()).toContain(
      `curl http://127.0.0.1:${port}/v1/chat/completions -H "Authorization: Bearer ${key}"`,
    );
    const ask = (k: string) =>
      fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${k}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "demo", messages: [{ role: "user", content: "Hi" }] }),
      });
    const res = await ask(key!);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { choices: Array<{ message: { content: string } }> };
    expect(body.choices[0]!.message.content).toContain("Hello from Switchyard");
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);

    // The next start keeps the same key and does not print it again.
    const again = start(["--port", String(port), "--state", state], env);
    await waitFor(() => again.output().includes("listening on"), "listening again");
    expect(again.output()).not.toContain(key!);
    expect(again.output()).toContain("the local one kept in");
    expect((await ask(key!)).status).toBe(200);
    again.child.kill("SIGTERM");
    expect(await again.exited).toBe(0);
  }, 90_000);
});
