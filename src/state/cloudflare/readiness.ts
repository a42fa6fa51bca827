import type { Readiness } from "../ports.js";
import { OUTBOX_SHARDS } from "../outbox-policy.js";
import type { CloudflareBindings } from "./bindings.js";

/** Migration files the build embedded (scripts/bundle.mjs); absent under `wrangler deploy`, which applies its own. */
declare const SWITCHYARD_MIGRATIONS: string[] | undefined;

const PROBE = "readiness-probe";

/**
 * Whether every state binding answers: D1 has every migration this build knows of, and each
 * Durable Object namespace answers a call (the spend outbox's shards also re-arm their flush if
 * records wait in them, e.g. after a restart). One line per binding: "ok" or what is wrong.
 */
export async function checkReadiness(env: CloudflareBindings): Promise<Readiness> {
  const checks: Record<string, Promise<string>> = {};
  if (env.DB) checks.DB = checkDb(env.DB);
  if (env.SPEND_OUTBOX) {
    const ns = env.SPEND_OUTBOX;
    checks.SPEND_OUTBOX = answered(
      Promise.all(Array.from({ length: OUTBOX_SHARDS }, (_, i) => ns.get(ns.idFromName(`spend-outbox-${i}`)).resume())),
    );
  }
  if (env.ACCOUNTS) checks.ACCOUNTS = answered(env.ACCOUNTS.get(env.ACCOUNTS.idFromName(PROBE)).usage());
  if (env.ROUTER_STATE)
    checks.ROUTER_STATE = answered(env.ROUTER_STATE.get(env.ROUTER_STATE.idFromName(PROBE)).inspect([], 0));
  const names = Object.keys(checks);
  const results = await Promise.all(Object.values(checks));
  const out: Record<string, string> = {};
  names.forEach((n, i) => {
    out[n] = results[i]!;
  });
  return { ready: results.every((r) => r === "ok"), checks: out };
}

async function answered(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "ok";
  } catch (e) {
    return `not answering: ${e instanceof Error ? e.message : String(e)}`;
  }
}

async function checkDb(db: D1Database): Promise<string> {
  try {
    const missing = await missingMigrations(db);
    return missing.length ? `migrations not applied yet: ${missing.join(", ")}` : "ok";
  } catch (e) {
    return `not usable: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** The build's migrations D1 does not have yet (all of them while d1_migrations does not exist). */
async function missingMigrations(db: D1Database): Promise<string[]> {
  const expected = typeof SWITCHYARD_MIGRATIONS === "undefined" ? [] : SWITCHYARD_MIGRATIONS;
  let applied: Set<string>;
  try {
    const rows = await db.prepare("SELECT name FROM d1_migrations").all<{ name: string }>();
    applied = new Set(rows.results.map((r) => r.name));
  } catch (e) {
    if (/no such table/.test(String(e))) return expected.length ? expected : ["(d1_migrations)"];
    throw e;
  }
  return expected.filter((m) => !applied.has(m));
}

/**
 * Whether this isolate may serve: true once D1 has every migration the build embedded (checked per
 * request until it is, then never again; always true for a build without the list, i.e. wrangler's).
 */
let migrated = typeof SWITCHYARD_MIGRATIONS === "undefined";
export function isStartedUp(): boolean {
  return migrated;
}
export async function startedUp(env: CloudflareBindings): Promise<boolean> {
  if (migrated || !env.DB) return true;
  try {
    migrated = (await missingMigrations(env.DB)).length === 0;
  } catch {
    return false;
  }
  return migrated;
}
