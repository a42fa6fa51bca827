import type { Context, Hono } from "hono";
import type { Deps } from "../../deps.js";
import type { GatewayRequest, Operation, RequestBody } from "../../pipeline/operation.js";
import { runOperation } from "../../pipeline/run-operation.js";
import type { Router } from "../../routing/router.js";
import type { AppEnv, RequestIds } from "../app-env.js";
import { authenticate } from "../authenticate.js";
import { readBody } from "../read-body.js";
import { readForm } from "../read-form.js";

/** The request body: multipart forms (uploads) as a form, everything else as JSON text. */
async function bodyOf(req: Request, maxBytes: number): Promise<RequestBody> {
  if (req.headers.get("content-type")?.toLowerCase().startsWith("multipart/form-data")) {
    return { kind: "form", ...(await readForm(req, maxBytes)) };
  }
  return { kind: "json", text: await readBody(req, maxBytes) };
}

/** One API operation over HTTP: authenticate, read the body, run the spine. */
export async function handleOperation<Req extends GatewayRequest, Out>(opts: {
  deps: Deps;
  router: Router;
  op: Operation<Req, Out>;
  req: Request;
  ids: RequestIds;
}): Promise<Response> {
  const { deps, req } = opts;
  const principal = await authenticate(deps, req.headers);
  const body = await bodyOf(req, deps.config.maxRequestBytes);
  return runOperation(deps, opts.router, opts.op, {
    principal,
    body,
    requestId: opts.ids.requestId,
    clientRequestId: opts.ids.clientRequestId,
    headers: req.headers,
    signal: deps.watchClientSignal ? req.signal : undefined,
  });
}

/** Register an operation's POST paths. */
export function operationRoutes<Req extends GatewayRequest, Out>(
  app: Hono<AppEnv>,
  op: Operation<Req, Out>,
  paths: readonly string[],
): void {
  const handler = (c: Context<AppEnv>) =>
    handleOperation({ deps: c.var.deps, router: c.var.router, op, req: c.req.raw, ids: c.var.ids });
  for (const path of paths) app.post(path, handler);
}
