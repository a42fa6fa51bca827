import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Deployment } from "../../../../src/config/deployment.js";
import { ChatCompletionRequest } from "../../../../src/openai/chat-request.js";
import type { ProviderContext } from "../../../../src/providers/provider.js";
import { encodeFixture } from "../../../helpers/event-stream.js";

const FIXTURES = fileURLToPath(new URL("../../../fixtures/bedrock/", import.meta.url));

export function fixtureText(name: string): string {
  return readFileSync(FIXTURES + name, "utf8");
}

export function fixtureJson<T = unknown>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

/** A *.events.json stream fixture as the bytes Bedrock would send. */
export function fixtureStream(name: string): Uint8Array {
  return encodeFixture(fixtureJson<Array<{ event?: string; exception?: string; payload: unknown }>>(name));
}

export const NOW = Date.parse("2024-11-05T09:08:07Z");
export const MODEL = "us.anthropic.claude-3-5-sonnet-20241022-v2:0";
export const KEYS = { aws_access_key_id: "AKIDEXAMPLE", aws_secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

/** A ProviderContext for an OpenAI request (validated like the gateway does) against one Bedrock deployment. */
export function makeCtx(opts: {
  request: Record<string, unknown>;
  stream?: boolean;
  model?: string;
  params?: Partial<Deployment["params"]> & Record<string, unknown>;
  fetch?: typeof fetch;
}): ProviderContext {
  const model = opts.model ?? MODEL;
  const request = ChatCompletionRequest.parse({ model: "claude-bedrock", ...opts.request });
  return {
    deployment: {
      id: "d1",
      modelName: "claude-bedrock",
      provider: "bedrock",
      model,
      params: { model: `bedrock/${model}`, aws_region_name: "us-east-1", ...KEYS, ...opts.params },
      modelInfo: {},
    },
    request,
    stream: opts.stream ?? false,
    fetch: opts.fetch ?? (() => Promise.reject(new Error("no network in unit tests"))),
    now: () => NOW,
    requestId: "chatcmpl-gateway",
    cache: new Map(),
    bindings: {},
  };
}

export const HELLO = [{ role: "user", content: "Hello" }];
