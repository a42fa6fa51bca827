import type { Hono } from "hono";
import { rerankOperation } from "../../pipeline/operations/rerank.js";
import type { AppEnv } from "../app-env.js";
import { operationRoutes } from "./operation.js";

export function rerankRoutes(app: Hono<AppEnv>): void {
  operationRoutes(app, rerankOperation, ["/v1/rerank", "/rerank", "/v2/rerank"]);
}
