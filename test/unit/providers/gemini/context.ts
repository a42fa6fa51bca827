import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Deployment } from "../../../../src/config/deployment.js";
import { ChatCompletionRequest } from "../../../../src/openai/chat-request.js";
import type { ProviderContext } from "../../../../src/providers/provider.js";

const FIXTURES = fileURLToPath(new URL("../../../fixtures/gemini/", import.meta.url));

export function fixtureText(name: string): string {
  return readFileSync(FIXTURES + name, "utf8");
}

export function fixtureJson(name: string): Record<string, unknown> {
  return JSON.parse(fixtureText(name)) as Record<string, unknown>;
}

export const NOW = 1_750_000_000_000;
export const HELLO = [{ role: "user", content: "Hello" }];

const noNetwork: typeof fetch = () => Promise.reject(new Error("no network in unit tests"));

/** A ProviderContext for an OpenAI request (validated like the gateway does) against one Gemini deployment. */
export function makeCtx(opts: {
  request: Record<string, unknown>;
  stream?: boolean;
  model?: string;
  provider?: string;
  params?: Partial<Deployment["params"]>;
  fetch?: typeof fetch;
}): ProviderContext {
  const model = opts.model ?? "gemini-2.0-flash";
  const provider = opts.provider ?? "gemini";
  const request = ChatCompletionRequest.parse({ model: "my-gemini", ...opts.request });
  return {
    deployment: {
      id: "d1",
      modelName: "my-gemini",
      provider,
      model,
      params: { model: `${provider}/${model}`, api_key: "AIzaSy-test-key", ...opts.params },
      modelInfo: {},
    },
    request,
    stream: opts.stream ?? false,
    fetch: opts.fetch ?? noNetwork,
    now: () => NOW,
    requestId: "chatcmpl-gw123",
    cache: new Map(),
    bindings: {},
  };
}

/** Parse the JSON body of an upstream request built by an adapter. */
export function bodyOf(req: { body?: string | Uint8Array }): Record<string, unknown> {
  if (typeof req.body !== "string") throw new Error("expected a string body");
  return JSON.parse(req.body) as Record<string, unknown>;
}
