import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Deployment } from "../../../../src/config/deployment.js";
import { ChatCompletionRequest } from "../../../../src/openai/chat-request.js";
import type { ProviderContext } from "../../../../src/providers/provider.js";

const FIXTURES = fileURLToPath(new URL("../../../fixtures/cohere/", import.meta.url));

export function fixtureText(name: string): string {
  return readFileSync(FIXTURES + name, "utf8");
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name)) as unknown;
}

export const NOW = 1_750_000_000_000;
export const HELLO = [{ role: "user", content: "Hello" }];

/** A ProviderContext for an OpenAI request (validated like the gateway does) against one Cohere deployment. */
export function makeCtx(opts: {
  request: Record<string, unknown>;
  stream?: boolean;
  model?: string;
  params?: Partial<Deployment["params"]>;
}): ProviderContext {
  const model = opts.model ?? "command-a-03-2025";
  const request = ChatCompletionRequest.parse({ model: "command-a", ...opts.request });
  return {
    deployment: {
      id: "d1",
      modelName: "command-a",
      provider: "cohere",
      model,
      params: { model: `cohere/${model}`, api_key: "co-test-key", ...opts.params },
      modelInfo: {},
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
