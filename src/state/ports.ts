import type { SpendRecord } from "../accounting/record.js";
import type { Principal } from "../http/principal.js";

/**
 * Narrow interfaces to state. Durable Objects / D1 / KV implement them on Workers
 * (state/cloudflare/), Maps in the library and unit tests (state/memory/).
 */
export interface StatePorts {
  spend: SpendSink;
  /** Virtual keys; absent when the deployment has no key store (master key only). */
  keys?: KeyAuthenticator;
}

/** Resolves a presented virtual key to its principal; throws a GatewayError for blocked/expired keys; undefined if unknown. */
export interface KeyAuthenticator {
  authenticate(token: string): Promise<Principal | undefined>;
}

/** Durable, batched spend-record writer. `record` never throws and never drops. */
export interface SpendSink {
  record(rec: SpendRecord): Promise<void>;
}
