import type { Hono } from "hono";
import { imageGenerationOperation } from "../../pipeline/operations/image-generation.js";
import type { AppEnv } from "../app-env.js";
import { operationRoutes } from "./operation.js";

export function imageRoutes(app: Hono<AppEnv>): void {
  operationRoutes(app, imageGenerationOperation, [
    "/v1/images/generations",
    "/images/generations",
    "/openai/deployments/:model/images/generations",
  ]);
}
