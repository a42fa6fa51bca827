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

/** Bindings the Cloudflare state implementations use (declared in wrangler.toml). */
export interface CloudflareBindings {
  DB?: D1Database;
  ROUTER_STATE?: DurableObjectNamespace<RouterStateObject>;
  ACCOUNTS?: DurableObjectNamespace<AccountLedgerObject>;
  SPEND_OUTBOX?: DurableObjectNamespace<SpendOutboxObject>;
}

/** State ports for one request, backed by Durable Objects, D1 and KV. */
export function cloudflareState(_env: CloudflareBindings, _ctx: ExecutionContext): StatePorts {
  return {
    spend: _env.SPEND_OUTBOX ? new OutboxSpendSink(_env.SPEND_OUTBOX) : new LogSpendSink(),
    router: _env.ROUTER_STATE ? new DurableRouterState(_env.ROUTER_STATE) : undefined,
    keys: _env.DB ? new D1KeyAuthenticator(_env.DB) : undefined,
    ledgers: _env.ACCOUNTS ? new DurableLedgers(_env.ACCOUNTS) : undefined,
    admin: _env.DB ? d1AdminStore(_env.DB, forgetCachedKeys) : undefined,
  };
}
