import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Deployment } from "../../../../src/config/deployment.js";
import { ChatCompletionRequest } from "../../../../src/openai/chat-request.js";
import type { ProviderContext } from "../../../../src/providers/provider.js";

const FIXTURES = fileURLToPath(new URL("../../../fixtures/anthropic/", import.meta.url));

export function fixtureText(name: string): string {
  return readFileSync(FIXTURES + name, "utf8");
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name)) as unknown;
}

export const NOW = 1_750_000_000_000;

/** A ProviderContext for an OpenAI request (validated like the gateway does) against one Anthropic deployment. */
export function makeCtx(opts: {
  request: Record<string, unknown>;
  stream?: boolean;
  model?: string;
  params?: Partial<Deployment["params"]>;
  modelInfo?: Deployment["modelInfo"];
}): ProviderContext {
  const model = opts.model ?? "claude-sonnet-4-5-20250929";
  const request = ChatCompletionRequest.parse({ model: "claude", ...opts.request });
  return {
    deployment: {
      id: "d1",
      modelName: "claude",
      provider: "anthropic",
      model,
      params: { model: `anthropic/${model}`, api_key: "sk-ant-test", ...opts.params },
      modelInfo: opts.modelInfo ?? {},
    },
    request,
    stream: opts.stream ?? false,
    fetch: () => Promise.reject(new Error("no network in unit tests")),
    now: () => NOW,
    requestId: "chatcmpl-gateway",
    cache: new Map(),
    bindings: {},
  };
}

export const HELLO = [{ role: "user", content: "Hello" }];
