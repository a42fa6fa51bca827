import { z } from "zod";
import { Alert } from "../alerts/alert.js";
import { RequestLog } from "../request-log.js";

export const SINKS = ["generic_api", "langfuse", "otel", "helicone", "lunary", "s3"] as const;

/**
 * Whose callback a message is for: the config's (null), or the `metadata.logging[index]` entry of
 * a key (by hash) or a team. The entry's credentials are read when the message is delivered, so
 * no secret travels through the queue.
 */
export const Tenant = z.object({ scope: z.enum(["key", "team"]), id: z.string(), index: z.number().int().min(0) });
export type Tenant = z.infer<typeof Tenant>;

/** One finished request for one sink. */
export const CallbackMessage = z.object({
  kind: z.literal("callback"),
  sink: z.enum(SINKS),
  tenant: Tenant.nullable(),
  /** The same for every delivery attempt of this record to this sink: receivers dedupe on it. */
  idempotency_key: z.string(),
  log: RequestLog,
});
export type CallbackMessage = z.infer<typeof CallbackMessage>;

/** One alert for one channel. */
export const AlertMessage = z.object({
  kind: z.literal("alert"),
  channel: z.enum(["slack", "webhook"]),
  idempotency_key: z.string(),
  alert: Alert,
});
export type AlertMessage = z.infer<typeof AlertMessage>;

export const QueueMessage = z.discriminatedUnion("kind", [CallbackMessage, AlertMessage]);
export type QueueMessage = z.infer<typeof QueueMessage>;

/** Cloudflare Queues take messages up to 128 KB; content is cut to keep a message under this. */
export const MAX_MESSAGE_BYTES = 120_000;

/** A callback message that fits a queue message: content that does not fit is dropped and marked. */
export function fitMessage(m: CallbackMessage): CallbackMessage {
  if (!m.log.content || messageBytes(m) <= MAX_MESSAGE_BYTES) return m;
  return { ...m, log: { ...m.log, content: null, metadata: { ...m.log.metadata, content_dropped: "too_large" } } };
}

/** The idempotency key of a record for a sink (and tenant). */
export function idempotencyKey(requestId: string, sink: string, tenant: Tenant | null): string {
  return tenant ? `${requestId}:${sink}:${tenant.scope}:${tenant.id}:${tenant.index}` : `${requestId}:${sink}`;
}

const encoder = new TextEncoder();
export const byteLength = (s: string) => encoder.encode(s).length;

/** Sizes already measured (a message is serialised once to size it, not again when it is batched). */
const sizes = new WeakMap<QueueMessage, number>();

/** A message's size as JSON, in bytes. */
export function messageBytes(m: QueueMessage): number {
  let n = sizes.get(m);
  if (n === undefined) {
    n = byteLength(JSON.stringify(m));
    sizes.set(m, n);
  }
  return n;
}
