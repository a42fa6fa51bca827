// Fires the worker's Cron Triggers (wrangler.toml `[triggers] crons`) on local runs: Miniflare runs
// scheduled handlers only when asked (on the worker itself: Static Assets sit in front of its fetch).
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./bundle.mjs";

/** The cron expressions of wrangler.toml's [triggers] section. */
export function wranglerCrons(file = path.join(ROOT, "wrangler.toml")) {
  const m = /^\s*crons\s*=\s*\[([^\]]*)\]/m.exec(readFileSync(file, "utf8"));
  return m ? [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]) : [];
}

function fieldMatches(field, value, min) {
  return field.split(",").some((part) => {
    const [range, stepText] = part.split("/");
    const step = stepText ? Number(stepText) : 1;
    let lo;
    let hi;
    if (range === "*") [lo, hi] = [min, Number.POSITIVE_INFINITY];
    else if (range.includes("-")) [lo, hi] = range.split("-").map(Number);
    else [lo, hi] = [Number(range), stepText ? Number.POSITIVE_INFINITY : Number(range)];
    return value >= lo && value <= hi && (value - lo) % step === 0;
  });
}

/** Whether a 5-field cron expression (minute hour day-of-month month day-of-week, UTC) matches a time. */
export function cronMatches(expr, date) {
  const [mi, h, dom, mon, dow] = expr.trim().split(/\s+/);
  return (
    fieldMatches(mi, date.getUTCMinutes(), 0) &&
    fieldMatches(h, date.getUTCHours(), 0) &&
    fieldMatches(dom, date.getUTCDate(), 1) &&
    fieldMatches(mon, date.getUTCMonth() + 1, 1) &&
    fieldMatches(dow, date.getUTCDay(), 0)
  );
}

/** Every minute on the minute, fire each matching cron. Returns a stop function. */
export function startCronTicker(mf, { crons = wranglerCrons(), log = console, worker = "switchyard" } = {}) {
  let timer;
  const tick = () => {
    const now = new Date();
    now.setUTCSeconds(0, 0);
    for (const cron of crons) {
      if (!cronMatches(cron, now)) continue;
      const scheduledTime = new Date(now);
      mf.getWorker(worker)
        .then((w) => w.scheduled({ cron, scheduledTime }))
        .then((r) => r.outcome === "ok" || log.error(`cron ${cron}: ${r.outcome}`))
        .catch((e) => log.error(`cron ${cron} failed: ${e}`));
    }
    schedule();
  };
  const schedule = () => {
    timer = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50);
    timer.unref?.();
  };
  schedule();
  return () => clearTimeout(timer);
}
