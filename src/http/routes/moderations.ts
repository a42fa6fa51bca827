import type { Hono } from "hono";
import { moderationOperation } from "../../pipeline/operations/moderation.js";
import type { AppEnv } from "../app-env.js";
import { operationRoutes } from "./operation.js";

export function moderationRoutes(app: Hono<AppEnv>): void {
  operationRoutes(app, moderationOperation, ["/v1/moderations", "/moderations"]);
}
