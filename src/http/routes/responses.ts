import type { Context, Hono } from "hono";
import { responsesOperation } from "../../pipeline/operations/responses.js";
import {
  cancelResponse,
  deleteResponse,
  listInputItems,
  retrieveResponse,
  type StoredContext,
} from "../../pipeline/operations/responses/stored-responses.js";
import type { AppEnv } from "../app-env.js";
import { authenticate } from "../authenticate.js";
import { operationRoutes } from "./operation.js";

/**
 * OpenAI's Responses API, with and without /v1: create (the request spine), and the stored responses
 * of the caller's team or key (retrieve, delete, input items, cancel). Any valid key may call them; what
 * it reaches is scoped to its owner, so another team's response is "not found".
 */
export function responsesRoutes(app: Hono<AppEnv>): void {
  operationRoutes(app, responsesOperation, ["/v1/responses", "/responses"]);
  const scoped = async (c: Context<AppEnv>): Promise<StoredContext> => ({
    deps: c.var.deps,
    principal: await authenticate(c.var.deps, c.req.raw.headers),
  });
  const id = (c: Context<AppEnv>) => c.req.param("id") ?? "";
  for (const base of ["/v1/responses", "/responses"]) {
    app.get(`${base}/:id`, async (c) => c.json(await retrieveResponse(await scoped(c), id(c))));
    app.delete(`${base}/:id`, async (c) => c.json(await deleteResponse(await scoped(c), id(c))));
    app.get(`${base}/:id/input_items`, async (c) =>
      c.json(await listInputItems(await scoped(c), id(c), new URL(c.req.url).searchParams)),
    );
    app.post(`${base}/:id/cancel`, async (c) => c.json(await cancelResponse(await scoped(c), id(c))));
  }
}
