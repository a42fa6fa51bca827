import type { StatePorts } from "../ports.js";
import { LogSpendSink } from "./log-spend-sink.js";

/** Bindings the Cloudflare state implementations use (declared in wrangler.toml). */
export interface CloudflareBindings {
  DB?: D1Database;
}

/** State ports for one request, backed by Durable Objects, D1 and KV. */
export function cloudflareState(_env: CloudflareBindings, _ctx: ExecutionContext): StatePorts {
  return { spend: new LogSpendSink() };
}
