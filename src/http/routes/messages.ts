import type { Context, Hono } from "hono";
import { accessGroupsOf, modelAllowed } from "../../access/model-access.js";
import { anthropicModelList } from "../../anthropic/models.js";
import { anthropicErrorResponse } from "../../codecs/messages/error.js";
import { GatewayError, InternalServerError } from "../../errors/gateway-error.js";
import type { Logger } from "../../logger.js";
import { messagesOperation } from "../../pipeline/operations/messages.js";
import { countMessageTokens } from "../../pipeline/operations/messages-count-tokens.js";
import { messagesHeadersOf } from "../../pipeline/operations/messages-request.js";
import { listedModels } from "../../routing/resolve-model.js";
import type { AppEnv, RequestIds } from "../app-env.js";
import type { Deps } from "../../deps.js";
import type { Router } from "../../routing/router.js";
import { authenticate } from "../authenticate.js";
import { readBody } from "../read-body.js";
import { handleOperation } from "./operation.js";

/** Every error on the Messages routes in Anthropic's shape and status; unknown errors are logged and become a 500. */
export function renderAnthropicError(e: unknown, log: Logger, requestId: string): Response {
  if (e instanceof GatewayError) {
    const res = anthropicErrorResponse(e, requestId);
    res.headers.set("x-request-id", requestId);
    return res;
  }
  log.error("unhandled error", {
    request_id: requestId,
    error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
  });
  return anthropicErrorResponse(
    new InternalServerError("internal error in the gateway", { code: "internal_error" }),
    requestId,
  );
}

type Handler = (c: Context<AppEnv>) => Promise<Response>;

const anthropicShaped =
  (h: Handler): Handler =>
  (c) =>
    h(c).catch((e: unknown) => renderAnthropicError(e, c.var.deps.log, c.var.requestId));

/** POST /v1/messages: the messages operation on the spine (native or translated per attempt), errors in Anthropic's shape. */
export function serveMessages(req: Request, opts: { deps: Deps; router: Router; ids: RequestIds }): Promise<Response> {
  const { deps, router, ids } = opts;
  const op = messagesOperation(messagesHeadersOf(req.headers));
  return handleOperation({ deps, router, op, req, ids }).catch((e: unknown) =>
    renderAnthropicError(e, deps.log, ids.requestId),
  );
}

const messages: Handler = (c) => serveMessages(c.req.raw, c.var);

/** POST /v1/messages/count_tokens: `{input_tokens}`; an estimate says so in x-switchyard-token-count. */
const countTokens: Handler = async (c) => {
  const { deps, requestId } = c.var;
  const principal = await authenticate(deps, c.req.raw.headers);
  const text = await readBody(c.req.raw, deps.config.maxRequestBytes);
  const count = await countMessageTokens(deps, {
    principal,
    text,
    headers: messagesHeadersOf(c.req.raw.headers),
    requestId,
  });
  const headers = { "content-type": "application/json", "request-id": requestId, "x-request-id": requestId };
  return new Response(JSON.stringify({ input_tokens: count.input_tokens }), {
    status: 200,
    headers: { ...headers, "x-switchyard-token-count": count.method },
  });
};

/** GET /v1/models in Anthropic's list shape, for requests that carry `anthropic-version`. */
async function anthropicModels(c: Context<AppEnv>): Promise<Response> {
  const { deps } = c.var;
  const principal = await authenticate(deps, c.req.raw.headers);
  const access = accessGroupsOf(deps.config);
  const names = listedModels(deps.config).filter((m) => modelAllowed(principal, m, access));
  return c.json(anthropicModelList(names, deps.now()));
}

/**
 * Anthropic's Messages API: POST /v1/messages, POST /v1/messages/count_tokens, and GET /v1/models when the
 * request carries `anthropic-version` (Anthropic's SDKs always send it; others get the OpenAI list).
 * Register before the OpenAI model routes. Auth by `x-api-key` or `Authorization: Bearer`.
 */
export function messagesRoutes(app: Hono<AppEnv>): void {
  app.post("/v1/messages", messages);
  app.post("/v1/messages/count_tokens", anthropicShaped(countTokens));
  app.get("/v1/models", async (c, next) => {
    if (!c.req.header("anthropic-version")) return next();
    return anthropicShaped(anthropicModels)(c);
  });
}
