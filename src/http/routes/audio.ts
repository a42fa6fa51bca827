import type { Hono } from "hono";
import { speechOperation } from "../../pipeline/operations/speech.js";
import { transcriptionOperation } from "../../pipeline/operations/transcription.js";
import type { AppEnv } from "../app-env.js";
import { operationRoutes } from "./operation.js";

export function audioRoutes(app: Hono<AppEnv>): void {
  operationRoutes(app, transcriptionOperation, [
    "/v1/audio/transcriptions",
    "/audio/transcriptions",
    "/openai/deployments/:model/audio/transcriptions",
  ]);
  operationRoutes(app, speechOperation, [
    "/v1/audio/speech",
    "/audio/speech",
    "/openai/deployments/:model/audio/speech",
  ]);
}
