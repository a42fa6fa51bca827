// Load generator: Node http with keep-alive agents, 127.0.0.1 only. Closed loop (N in flight),
// bounded by a request count and a time cap.
import http from "node:http";
import { performance } from "node:perf_hooks";

/**
 * A target: where to send a chat request and with which headers.
 * `url` is an http://127.0.0.1:port origin; one keep-alive agent per target and concurrency.
 */
export function target({ name, url, path = "/v1/chat/completions", headers = {} }) {
  const u = new URL(url);
  if (u.hostname !== "127.0.0.1") throw new Error(`bench targets must be on 127.0.0.1, got ${url}`);
  return { name, host: u.hostname, port: Number(u.port), path, headers, agents: new Map(), sent: 0 };
}

function agentFor(t, concurrency) {
  let a = t.agents.get(concurrency);
  if (!a) {
    a = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
    t.agents.set(concurrency, a);
  }
  return a;
}

export function closeAgents(targets) {
  for (const t of targets) for (const a of t.agents.values()) a.destroy();
}

/** One request; resolves with status, timings (ms since start) and body (kept only on errors). */
export function send(t, body, concurrency = 1) {
  t.sent++;
  return new Promise((resolve) => {
    const start = performance.now();
    const req = http.request(
      {
        host: t.host,
        port: t.port,
        path: t.path,
        method: "POST",
        agent: agentFor(t, concurrency),
        headers: { "content-type": "application/json", "content-length": body.length, ...t.headers },
      },
      (res) => {
        let firstByte = NaN;
        const parts = [];
        res.on("data", (d) => {
          if (Number.isNaN(firstByte)) firstByte = performance.now() - start;
          if (res.statusCode !== 200) parts.push(d);
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode,
            ms: performance.now() - start,
            firstByteMs: firstByte,
            error: res.statusCode === 200 ? undefined : Buffer.concat(parts).toString("utf8").slice(0, 500),
          }),
        );
        res.on("error", (e) =>
          resolve({ status: 0, ms: performance.now() - start, firstByteMs: firstByte, error: String(e) }),
        );
      },
    );
    req.on("error", (e) => resolve({ status: 0, ms: performance.now() - start, firstByteMs: NaN, error: String(e) }));
    req.end(body);
  });
}

/**
 * `count` requests with `concurrency` in flight, stopping early at `timeCapMs`.
 * Returns completed/ok counts, wall time, per-request latency and first-byte times of the ok ones.
 */
export async function runClosedLoop(t, { body, concurrency, count, timeCapMs }) {
  let issued = 0;
  const res = { ok: 0, failed: 0, firstError: undefined, latencies: [], firstBytes: [], capped: false, wallMs: 0 };
  const start = performance.now();
  const deadline = start + timeCapMs;
  const worker = async () => {
    while (issued < count) {
      if (performance.now() > deadline) {
        res.capped = true;
        return;
      }
      issued++;
      const r = await send(t, body, concurrency);
      if (r.status === 200) {
        res.ok++;
        res.latencies.push(r.ms);
        res.firstBytes.push(r.firstByteMs);
      } else {
        res.failed++;
        res.firstError ??= `${t.name}: HTTP ${r.status} ${r.error ?? ""}`.trim();
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  res.wallMs = performance.now() - start;
  return res;
}
