import type { Logger } from "../../logger.js";
import { slackPayload, webhookPayload } from "../alerts/alert-payloads.js";
import { genericApiSink } from "../callbacks/generic-api.js";
import { heliconeSink } from "../callbacks/helicone.js";
import { langfuseSink } from "../callbacks/langfuse.js";
import { lunarySink } from "../callbacks/lunary.js";
import { otelSink } from "../callbacks/otel.js";
import { s3Object } from "../callbacks/s3-export.js";
import type { HttpDelivery, HttpSink, Vars } from "../callbacks/sink.js";
import type { ObservabilitySettings } from "../settings.js";
import { retryAfterSeconds, retryDelaySeconds } from "./backoff.js";
import { type AlertMessage, type CallbackMessage, QueueMessage, type Tenant } from "./queue-message.js";

/** The parts of a Cloudflare Queue message the consumer uses. */
export interface QueuedMessage {
  id: string;
  body: unknown;
  attempts: number;
  ack(): void;
  retry(opts?: { delaySeconds?: number }): void;
}

export interface ConsumerDeps {
  settings: ObservabilitySettings;
  fetch: typeof fetch;
  now: () => number;
  log: Logger;
  /** The worker's vars and secrets. */
  env: Vars;
  /** A tenant's variables for its `metadata.logging[index]` entry; undefined when the entry is gone. */
  tenantVars(tenant: Tenant): Promise<Vars | undefined>;
  /** Write one object to the callback bucket (R2); absent when no bucket is bound. */
  putObject?: (key: string, body: string) => Promise<void>;
}

const HTTP_SINKS: Record<Exclude<CallbackMessage["sink"], "s3">, HttpSink> = {
  generic_api: genericApiSink,
  langfuse: langfuseSink,
  otel: otelSink,
  helicone: heliconeSink,
  lunary: lunarySink,
};

/** How long one sink request may take before it counts as failed. */
const SINK_TIMEOUT_MS = 30_000;

class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}

async function post(deps: ConsumerDeps, d: HttpDelivery): Promise<void> {
  const res = await deps.fetch(d.url, {
    method: "POST",
    headers: d.headers,
    body: d.body,
    signal: AbortSignal.timeout(SINK_TIMEOUT_MS),
  });
  await res.body?.cancel();
  if (!res.ok)
    throw new DeliveryError(`HTTP ${res.status}`, retryAfterSeconds(res.headers.get("retry-after"), deps.now()));
}

/**
 * One batch from the delivery queue. Callback messages are grouped per sink and tenant and sent
 * in as few requests as each sink takes; alerts go one by one. A message is acked when its
 * delivery succeeded and retried (with backoff) when it failed, so a sink that is down only
 * delays its own messages; after the consumer's max_retries the queue moves a message to the
 * dead-letter queue. A body that is not a valid message is acked and logged (it can never succeed).
 */
export async function consumeBatch(messages: readonly QueuedMessage[], deps: ConsumerDeps): Promise<void> {
  const groups = new Map<string, Array<{ m: QueuedMessage; body: CallbackMessage }>>();
  const alerts: Array<{ m: QueuedMessage; body: AlertMessage }> = [];
  for (const m of messages) {
    const p = QueueMessage.safeParse(m.body);
    if (!p.success) {
      deps.log.error("dropped an invalid delivery-queue message", {
        message_id: m.id,
        problem: p.error.issues[0]?.message,
      });
      m.ack();
      continue;
    }
    if (p.data.kind === "alert") alerts.push({ m, body: p.data });
    else {
      const t = p.data.tenant;
      const k = `${p.data.sink}|${t ? `${t.scope}:${t.id}:${t.index}` : ""}`;
      groups.set(k, [...(groups.get(k) ?? []), { m, body: p.data }]);
    }
  }
  await Promise.all([
    ...[...groups.values()].map((g) => deliverGroup(g, deps)),
    ...alerts.map((a) => settle([a.m], deliverAlert(a.body, deps), deps, `alert ${a.body.alert.type}`)),
  ]);
}

async function settle(ms: QueuedMessage[], work: Promise<void>, deps: ConsumerDeps, what: string): Promise<void> {
  try {
    await work;
    for (const m of ms) m.ack();
  } catch (e) {
    const attempts = Math.max(...ms.map((m) => m.attempts));
    const delaySeconds = retryDelaySeconds(attempts, e instanceof DeliveryError ? e.retryAfterS : undefined);
    deps.log.warn("delivery failed; will retry", {
      target: what,
      messages: ms.length,
      attempts,
      retry_in_s: delaySeconds,
      error: e instanceof Error ? e.message : String(e),
    });
    for (const m of ms) m.retry({ delaySeconds });
  }
}

async function deliverGroup(
  group: Array<{ m: QueuedMessage; body: CallbackMessage }>,
  deps: ConsumerDeps,
): Promise<void> {
  const { sink, tenant } = group[0]!.body;
  const vars = tenant ? await deps.tenantVars(tenant) : deps.env;
  if (!vars) {
    deps.log.warn("callback dropped: its key or team no longer has this logging entry", {
      sink,
      tenant_scope: tenant?.scope,
    });
    for (const { m } of group) m.ack();
    return;
  }
  const what = `${sink}${tenant ? ` (${tenant.scope} callback)` : ""}`;
  if (sink === "s3") {
    const put = deps.putObject;
    const obj = s3Object(
      group.map((g) => g.body),
      { prefix: deps.settings.s3Prefix, redactUserInfo: deps.settings.redactUserInfo },
    );
    const work = put ? put(obj.key, obj.body) : Promise.reject(new Error("no R2 bucket bound as LOGS_BUCKET"));
    await settle(
      group.map((g) => g.m),
      work,
      deps,
      what,
    );
    return;
  }
  const http = HTTP_SINKS[sink];
  for (let i = 0; i < group.length; i += http.maxBatch) {
    const chunk = group.slice(i, i + http.maxBatch);
    let work: Promise<void>;
    try {
      const d = http.build(
        chunk.map((c) => ({ log: c.body.log, idempotencyKey: c.body.idempotency_key })),
        vars,
        { redactUserInfo: deps.settings.redactUserInfo },
      );
      work = post(deps, d);
    } catch (e) {
      work = Promise.reject(e);
    }
    await settle(
      chunk.map((c) => c.m),
      work,
      deps,
      what,
    );
  }
}

async function deliverAlert(msg: AlertMessage, deps: ConsumerDeps): Promise<void> {
  if (msg.channel === "slack") {
    // alert_to_webhook_url routes an alert type to its own Slack channel, as in LiteLLM.
    const url = deps.settings.alertWebhookUrls[msg.alert.type] ?? deps.env("SLACK_WEBHOOK_URL");
    if (!url) throw new Error("SLACK_WEBHOOK_URL is not set");
    await post(deps, {
      url,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(slackPayload(msg.alert)),
    });
    return;
  }
  const url = deps.env("WEBHOOK_URL");
  if (!url) throw new Error("WEBHOOK_URL is not set");
  await post(deps, {
    url,
    headers: { "content-type": "application/json", "idempotency-key": msg.idempotency_key },
    body: JSON.stringify(webhookPayload(msg.alert)),
  });
}
