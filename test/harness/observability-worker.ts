// Test-only worker: the production worker (same handlers, Durable Objects, queue and cron) plus one
// path that hands finished requests to the observability entry point, as the request spine will.
// Built by test/helpers/observability.ts; never part of the deployed bundle.
import worker from "../../src/worker.js";
import { setupConfig } from "../../src/gateway-setup.js";
import { consoleLogger } from "../../src/logger.js";
import * as errors from "../../src/errors/gateway-error.js";
import { Observer } from "../../src/observability/observer.js";
import { buildRequestLog, type RequestLogInput } from "../../src/observability/request-log.js";
import { settingsOf } from "../../src/observability/settings.js";
import { d1TenantDirectory, observabilityPorts } from "../../src/state/cloudflare/observability.js";
import type { CloudflareBindings } from "../../src/state/cloudflare/bindings.js";

export * from "../../src/worker.js";

type Env = CloudflareBindings & { SWITCHYARD_CONFIG: string; [name: string]: unknown };

let observer: { env: Env; o: Observer } | undefined;

function observerOf(env: Env): Observer {
  if (observer?.env === env) return observer.o;
  const { runtime } = setupConfig(env.SWITCHYARD_CONFIG, (n) =>
    typeof env[n] === "string" ? (env[n] as string) : undefined,
  );
  const o = new Observer({
    settings: settingsOf(runtime.raw),
    ports: observabilityPorts(env),
    tenants: env.DB ? d1TenantDirectory(env.DB) : undefined,
    now: () => Date.now(),
    log: consoleLogger,
    setTimer: (fn, ms) => setTimeout(fn, ms),
    metricsFlushMs: 100,
    queueDelayMs: 50,
  });
  observer = { env, o };
  return o;
}

export default {
  ...worker,
  async fetch(req: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    if (new URL(req.url).pathname !== "/__harness/finish") return worker.fetch(req, env, ctx);
    const o = observerOf(env);
    const { runtime } = setupConfig(env.SWITCHYARD_CONFIG, () => undefined);
    const redact = settingsOf(runtime.raw).redactMessages;
    const inputs = (await req.json()) as Array<
      Omit<RequestLogInput, "redactMessages" | "headers" | "error"> & {
        tagHeader?: string;
        /** An error as the spine would hold it: a GatewayError class by name, and its message. */
        error?: { kind: string; message: string };
      }
    >;
    for (const i of inputs) {
      const headers = new Headers(i.tagHeader ? { "x-switchyard-tags": i.tagHeader } : {});
      const Err = i.error ? (errors as unknown as Record<string, new (m: string) => Error>)[i.error.kind] : undefined;
      const error = i.error ? (Err ? new Err(i.error.message) : new Error(i.error.message)) : undefined;
      o.finish(buildRequestLog({ ...i, error, headers, redactMessages: redact }), (p) => ctx.waitUntil(p));
    }
    return new Response("ok");
  },
} satisfies ExportedHandler<Env>;
