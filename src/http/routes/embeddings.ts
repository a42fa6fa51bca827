import type { Hono } from "hono";
import { embeddingsOperation } from "../../pipeline/operations/embeddings.js";
import type { AppEnv } from "../app-env.js";
import { operationRoutes } from "./operation.js";

/** The embeddings paths dispatched before the app's router (src/app.ts). */
export const EMBEDDINGS_PATHS: ReadonlySet<string> = new Set(["/v1/embeddings", "/embeddings"]);

export function embeddingsRoutes(app: Hono<AppEnv>): void {
  operationRoutes(app, embeddingsOperation, [...EMBEDDINGS_PATHS, "/openai/deployments/:model/embeddings"]);
}
