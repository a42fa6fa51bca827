// Runs the built gateway on workerd through Miniflare's API: the worker on a direct socket,
// bindings (D1, KV, R2, Durable Objects) taken from wrangler.toml, state persisted, D1 migrated.
// Shared by `npm start`, the integration tests and the benchmark.
import { randomUUID } from "node:crypto";
import { Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT, migrationFiles } from "./bundle.mjs";

/** Worker options from wrangler.toml: the single source of truth for bindings. */
function wranglerWorkerOptions({ assets = true } = {}) {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(path.join(ROOT, "wrangler.toml"));
  return {
    compatibilityDate: workerOptions.compatibilityDate,
    compatibilityFlags: workerOptions.compatibilityFlags,
    d1Databases: workerOptions.d1Databases,
    kvNamespaces: workerOptions.kvNamespaces,
    r2Buckets: workerOptions.r2Buckets,
    durableObjects: workerOptions.durableObjects,
    queueProducers: workerOptions.queueProducers,
    queueConsumers: workerOptions.queueConsumers,
    // The dashboard's static files ([assets]; dist/assets/_headers sets their headers), served before the worker.
    ...(assets ? { assets: workerOptions.assets } : {}),
  };
}

/**
 * Start the gateway. `persistDir` undefined = in-memory state (tests). `port` 0 = any free port.
 * `vars` become string bindings (os.environ/NAME lookups); `configText` overrides the embedded config.
 * `handleRuntimeStdio(stdout, stderr)` takes workerd's output (default: piped to this process's stdout/stderr);
 * `onOutput(text)` is the simple form of it (tests collect the worker's logs with it).
 * `inspectorPort` opens workerd's DevTools inspector (bench/profile.mjs takes CPU profiles through it).
 * `migrate: false` leaves D1 unmigrated (tests of the start-up gate call applyMigrations themselves).
 * `assets: false` leaves out the dashboard's Static Assets: Miniflare runs their router in front of the worker
 * inside the same workerd process (on Cloudflare that routing is not the worker's CPU), so the bench omits it.
 * Until D1 is migrated the worker answers 503 `starting` (never a 500 against a missing table);
 * `waitReady()` waits for /health/readiness. `drain()` stops the worker taking requests and waits until everything in
 * progress, and every spend record and ledger report, is handed over (the graceful stop).
 */
export async function startGateway({
  scriptPath,
  port = 0,
  host = "127.0.0.1",
  persistDir,
  vars = {},
  configText,
  extraWorkers = [],
  handleRuntimeStdio,
  onOutput,
  inspectorPort,
  migrate = true,
  assets = true,
}) {
  const controlToken = randomUUID();
  const bindings = { ...vars, SWITCHYARD_CONTROL_TOKEN: controlToken };
  if (configText !== undefined) bindings.SWITCHYARD_CONFIG = configText;
  const persist = persistDir
    ? {
        d1Persist: path.join(persistDir, "d1"),
        kvPersist: path.join(persistDir, "kv"),
        r2Persist: path.join(persistDir, "r2"),
        durableObjectsPersist: path.join(persistDir, "do"),
      }
    : {};
  const stdio = onOutput
    ? {
        handleRuntimeStdio(stdout, stderr) {
          stdout.on("data", (d) => onOutput(String(d)));
          stderr.on("data", (d) => onOutput(String(d)));
        },
      }
    : {};
  // Until the migrations below are applied the worker answers 503 `starting` (it checks d1_migrations).
  const mf = new Miniflare({
    host: "127.0.0.1",
    port: 0,
    // Cron Triggers are fired on the worker by name (scripts/cron-ticker.mjs, test/helpers/cron.ts).
    ...stdio,
    ...persist,
    ...(handleRuntimeStdio ? { handleRuntimeStdio } : {}),
    ...(inspectorPort !== undefined ? { inspectorPort } : {}),
    workers: [
      {
        name: "switchyard",
        modules: true,
        scriptPath,
        modulesRoot: path.dirname(scriptPath),
        ...wranglerWorkerOptions({ assets }),
        bindings,
        unsafeDirectSockets: [{ host, port }],
      },
      ...extraWorkers,
    ],
  });
  await mf.ready;
  const url = (await mf.unsafeGetDirectURL("switchyard")).toString().replace(/\/$/, "");
  if (migrate) await applyMigrations(mf);
  return {
    mf,
    url,
    /** Poll /health/readiness until it answers 200 (every binding usable); throws with its last answer past `timeoutMs`. */
    async waitReady(timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const res = await fetch(`${url}/health/readiness`).catch((e) => ({ status: 0, text: async () => String(e) }));
        const text = await res.text();
        if (res.status === 200) return;
        if (Date.now() > until) throw new Error(`the gateway did not become ready: ${res.status} ${text}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    /** The graceful stop's first half: no new requests, everything in progress finished and handed over. */
    async drain(timeoutMs = 25_000) {
      const res = await fetch(`${url}/_switchyard/drain?timeout_ms=${timeoutMs}`, {
        method: "POST",
        headers: { authorization: `Bearer ${controlToken}` },
      });
      if (res.status !== 200) throw new Error(`drain answered ${res.status}`);
      return res.json();
    },
    async stop() {
      await mf.dispose();
    },
  };
}

/** Apply migrations/NNNN_name.sql in order, once each, tracked like wrangler (d1_migrations). */
export async function applyMigrations(mf) {
  const { d1Databases } = wranglerWorkerOptions();
  const names = Object.keys(d1Databases ?? {});
  const dir = path.join(ROOT, "migrations");
  const files = migrationFiles();
  for (const binding of names) {
    const db = await mf.getD1Database(binding, "switchyard");
    await db.exec(
      "CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)",
    );
    const done = new Set((await db.prepare("SELECT name FROM d1_migrations").all()).results.map((r) => r.name));
    for (const f of files) {
      if (done.has(f)) continue;
      const sql = readFileSync(path.join(dir, f), "utf8");
      const statements = splitSql(sql);
      await db.batch([
        ...statements.map((s) => db.prepare(s)),
        db.prepare("INSERT INTO d1_migrations (name) VALUES (?)").bind(f),
      ]);
    }
  }
}

/**
 * Split a migration into statements (no semicolons inside string literals in our migrations). A
 * CREATE TRIGGER's body runs to its END, semicolons included, as wrangler splits it.
 */
function splitSql(sql) {
  const out = [];
  let cur = "";
  for (const piece of sql.replace(/--.*$/gm, "").split(";")) {
    cur += piece;
    const s = cur.trim();
    if (/^CREATE\s+TRIGGER\b/i.test(s) && !/\bEND$/i.test(s)) {
      cur += ";";
      continue;
    }
    if (s) out.push(s);
    cur = "";
  }
  return out;
}
