import type { StatePorts } from "../ports.js";
import { LogSpendSink } from "./log-spend-sink.js";
import type { RouterStateObject } from "../../../durable-objects/router-state.js";
import { DurableRouterState } from "./router-state.js";
import type { AccountLedgerObject } from "../../../durable-objects/account-ledger.js";
import type { SpendOutboxObject } from "../../../durable-objects/spend-outbox.js";
import { d1AdminStore } from "./d1-admin-store.js";
import { DurableLedgers } from "./durable-ledgers.js";
import { D1KeyAuthenticator, forgetCachedKeys } from "./key-authenticator.js";
import { OutboxSpendSink } from "./outbox-spend-sink.js";
import { BatchingSpendSink } from "../batching-spend-sink.js";
import { logLostSpend } from "../../accounting/lost-spend.js";
import { consoleLogger } from "../../deps.js";
import { checkReadiness } from "./readiness.js";

/** Bindings the Cloudflare state implementations use (declared in wrangler.toml). */
export interface CloudflareBindings {
  DB?: D1Database;
  ROUTER_STATE?: DurableObjectNamespace<RouterStateObject>;
  ACCOUNTS?: DurableObjectNamespace<AccountLedgerObject>;
  SPEND_OUTBOX?: DurableObjectNamespace<SpendOutboxObject>;
}

const perIsolate = new WeakMap<object, StatePorts>();

/**
 * State ports backed by Durable Objects and D1, built once per isolate (they hold bindings and
 * isolate caches, never request-bound I/O objects). Spend records are batched per isolate.
 */
export function cloudflareState(env: CloudflareBindings): StatePorts {
  const hit = perIsolate.get(env);
  if (hit) return hit;
  const db = env.DB;
  let admin: StatePorts["admin"];
  const ports: StatePorts = {
    spend: env.SPEND_OUTBOX
      ? new BatchingSpendSink(new OutboxSpendSink(env.SPEND_OUTBOX), {
          maxDelayMs: 50,
          maxBatch: 200,
          setTimer: (fn, ms) => setTimeout(fn, ms),
          onLost: (recs, error) => logLostSpend(consoleLogger, recs, error),
        })
      : new LogSpendSink(),
    router: env.ROUTER_STATE ? new DurableRouterState(env.ROUTER_STATE) : undefined,
    keys: db ? new D1KeyAuthenticator(db) : undefined,
    ledgers: env.ACCOUNTS ? new DurableLedgers(env.ACCOUNTS) : undefined,
    // Built on first use: only the management routes need it.
    get admin() {
      if (db && !admin) admin = d1AdminStore(db, forgetCachedKeys);
      return admin;
    },
    readiness: () => checkReadiness(env),
  };
  perIsolate.set(env, ports);
  return ports;
}
