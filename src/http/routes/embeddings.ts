import type { Hono } from "hono";
import { embeddingsOperation } from "../../pipeline/operations/embeddings.js";
import type { AppEnv } from "../app-env.js";
import { operationRoutes } from "./operation.js";

export function embeddingsRoutes(app: Hono<AppEnv>): void {
  operationRoutes(app, embeddingsOperation, ["/v1/embeddings", "/embeddings", "/openai/deployments/:model/embeddings"]);
}
