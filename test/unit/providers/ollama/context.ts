import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Deployment } from "../../../../src/config/deployment.js";
import { ChatCompletionRequest } from "../../../../src/openai/chat-request.js";
import type { ProviderContext } from "../../../../src/providers/provider.js";

const FIXTURES = fileURLToPath(new URL("../../../fixtures/ollama/", import.meta.url));

export function fixtureText(name: string): string {
  return readFileSync(FIXTURES + name, "utf8");
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name)) as unknown;
}

export const NOW = 1_750_000_000_000;
export const HELLO = [{ role: "user", content: "Hello" }];

/** A ProviderContext for an OpenAI request (validated like the gateway does) against one Ollama deployment. */
export function makeCtx(opts: {
  request: Record<string, unknown>;
  stream?: boolean;
  model?: string;
  provider?: string;
  params?: Partial<Deployment["params"]>;
  fetch?: typeof fetch;
}): ProviderContext {
  const model = opts.model ?? "qwen3:8b";
  const provider = opts.provider ?? "ollama";
  const request = ChatCompletionRequest.parse({ model: "qwen", ...opts.request });
  return {
    deployment: {
      id: "d1",
      modelName: "qwen",
      provider,
      model,
      params: { model: `${provider}/${model}`, ...opts.params },
      modelInfo: {},
    },
    request,
    stream: opts.stream ?? false,
    fetch: opts.fetch ?? (() => Promise.reject(new Error("no network in unit tests"))),
    now: () => NOW,
    requestId: "chatcmpl-gw1",
    cache: new Map(),
    bindings: {},
  };
}
