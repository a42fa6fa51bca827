import type { TestGateway } from "./gateway.js";

/**
 * Fire a Cron Trigger (as Cloudflare would at `time`) on the gateway worker itself: with Static
 * Assets in front of it, the `/cdn-cgi/handler/scheduled` route stops at the assets router.
 */
export async function fireCron(gw: TestGateway, cron: string, time = Date.now()): Promise<void> {
  const worker = await gw.mf.getWorker("switchyard");
  const result = await worker.scheduled({ cron, scheduledTime: new Date(time) });
  if (result.outcome !== "ok") throw new Error(`scheduled ${cron} → ${result.outcome}\n${gw.output()}`);
}
