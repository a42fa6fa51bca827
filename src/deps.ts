import type { RuntimeConfig } from "./config/runtime.js";
import type { AiBinding } from "./providers/provider.js";
import type { StatePorts } from "./state/ports.js";

/** What pipeline stages may reach. Everything time-, id- or I/O-dependent comes in through here. */
export interface Deps {
  config: RuntimeConfig;
  fetch: typeof fetch;
  now: () => number;
  /** Random id with a prefix, e.g. id("chatcmpl") */
  id: (prefix: string) => string;
  /** Run work after the response (ctx.waitUntil on Workers). Must not throw. */
  defer: (work: Promise<unknown>) => void;
  log: Logger;
  state: StatePorts;
  bindings: { ai?: AiBinding };
  /** Per-isolate cache for provider tokens and similar. */
  providerCache: Map<string, unknown>;
  /**
   * Abort the upstream call when the client's request signal fires (library mode). On Workers the
   * runtime cancels the invocation, and its subrequests, when the client goes away, and a stream
   * the client stops reading is cancelled through its body; watching the signal there only costs
   * CPU on every request.
   */
  watchClientSignal?: boolean;
}

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const consoleLogger: Logger = {
  info: (msg, fields) => console.log(JSON.stringify({ level: "info", msg, ...fields })),
  warn: (msg, fields) => console.warn(JSON.stringify({ level: "warn", msg, ...fields })),
  error: (msg, fields) => console.error(JSON.stringify({ level: "error", msg, ...fields })),
};

// Made on first use: workerd allows random values only while handling a request.
let isolateTag: string | undefined;
let counter = 0;

/**
 * A unique id with a prefix: a random tag per isolate plus a counter (no crypto call per id). The
 * counter is fixed-width, so one isolate's ids sort in the order they were made and index
 * inserts (spend_logs is keyed by request id) land next to each other.
 */
export function randomId(prefix: string): string {
  isolateTag ??= crypto.randomUUID().replace(/-/g, "").slice(0, 20);
  return `${prefix}-${isolateTag}${(counter++).toString(36).padStart(8, "0")}`;
}
