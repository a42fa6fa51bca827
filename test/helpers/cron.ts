import type { TestGateway } from "./gateway.js";

/** Fire a Cron Trigger (as Cloudflare would at `time`). */
export async function fireCron(gw: TestGateway, cron: string, time = Date.now()): Promise<void> {
  const res = await gw.mf.dispatchFetch(
    `http://localhost/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(cron)}&time=${time}`,
  );
  const text = await res.text();
  if (res.status !== 200) throw new Error(`scheduled ${cron} → ${res.status}: ${text}`);
}
