import type { Hono } from "hono";
import { chatCompletion } from "../../pipeline/chat-completion.js";
import { authenticate } from "../authenticate.js";
import { readBody } from "../read-body.js";
import type { AppEnv } from "../app-env.js";

export function chatRoutes(app: Hono<AppEnv>): void {
  const handler = async (c: import("hono").Context<AppEnv>) => {
    const { deps, router } = c.var;
    const principal = await authenticate(deps, c.req.raw.headers);
    const bodyText = await readBody(c.req.raw, deps.config.maxRequestBytes);
    return chatCompletion(deps, router, { principal, bodyText, signal: c.req.raw.signal, requestId: c.var.requestId });
  };
  app.post("/v1/chat/completions", handler);
  app.post("/chat/completions", handler);
  app.post("/openai/deployments/:model/chat/completions", handler);
}
