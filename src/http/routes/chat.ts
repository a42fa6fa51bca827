import type { Hono } from "hono";
import { chatOperation } from "../../pipeline/operations/chat.js";
import type { AppEnv } from "../app-env.js";
import { operationRoutes } from "./operation.js";

/** The chat-completions paths dispatched before the app's router (the hot path; src/app.ts). */
export const CHAT_PATHS: ReadonlySet<string> = new Set(["/v1/chat/completions", "/chat/completions"]);

export function chatRoutes(app: Hono<AppEnv>): void {
  operationRoutes(app, chatOperation, [...CHAT_PATHS, "/openai/deployments/:model/chat/completions"]);
}
