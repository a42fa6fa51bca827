// Durable Object classes, re-exported by the worker. Each is a thin RPC shell over pure logic in src/state/.
export { RouterStateObject } from "./router-state.js";
export { AccountLedgerObject } from "./account-ledger.js";
export { SpendOutboxObject } from "./spend-outbox.js";
export { MetricsObject } from "./metrics.js";
export { AlertLedgerObject } from "./alert-ledger.js";
export { SemanticCacheObject } from "./semantic-cache.js";
