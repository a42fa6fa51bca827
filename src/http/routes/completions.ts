import type { Hono } from "hono";
import { textCompletionOperation } from "../../pipeline/operations/text-completion.js";
import type { AppEnv } from "../app-env.js";
import { operationRoutes } from "./operation.js";

export function completionsRoutes(app: Hono<AppEnv>): void {
  operationRoutes(app, textCompletionOperation, [
    "/v1/completions",
    "/completions",
    "/openai/deployments/:model/completions",
  ]);
}
