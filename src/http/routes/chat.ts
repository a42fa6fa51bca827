import type { Hono } from "hono";
import type { Deps } from "../../deps.js";
import { chatCompletion } from "../../pipeline/chat-completion.js";
import type { Router } from "../../routing/router.js";
import { authenticate } from "../authenticate.js";
import { readBody } from "../read-body.js";
import type { AppEnv } from "../app-env.js";

/** The chat-completions paths (the Azure-style path is served through the app's router only). */
export const CHAT_PATHS: ReadonlySet<string> = new Set(["/v1/chat/completions", "/chat/completions"]);

/** POST chat completions: authenticate, read the body, run the pipeline. */
export async function handleChat(deps: Deps, router: Router, req: Request, requestId: string): Promise<Response> {
  const principal = await authenticate(deps, req.headers);
  const bodyText = await readBody(req, deps.config.maxRequestBytes);
  return chatCompletion(deps, router, {
    principal,
    bodyText,
    signal: deps.watchClientSignal ? req.signal : undefined,
    requestId,
  });
}

export function chatRoutes(app: Hono<AppEnv>): void {
  const handler = (c: import("hono").Context<AppEnv>) =>
    handleChat(c.var.deps, c.var.router, c.req.raw, c.var.requestId);
  for (const path of CHAT_PATHS) app.post(path, handler);
  app.post("/openai/deployments/:model/chat/completions", handler);
}
