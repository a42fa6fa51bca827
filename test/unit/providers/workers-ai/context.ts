import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Deployment } from "../../../../src/config/deployment.js";
import { ChatCompletionRequest } from "../../../../src/openai/chat-request.js";
import type { AiBinding, ProviderContext } from "../../../../src/providers/provider.js";

const FIXTURES = fileURLToPath(new URL("../../../fixtures/workers_ai/", import.meta.url));

export function fixtureText(name: string): string {
  return readFileSync(FIXTURES + name, "utf8");
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name)) as unknown;
}

export const NOW = 1_750_000_000_000;
export const HELLO = [{ role: "user", content: "Hello" }];
export const MODEL = "@cf/meta/llama-3.1-8b-instruct";

/** A ProviderContext for an OpenAI request against one Workers AI deployment (REST unless `ai` is given). */
export function makeCtx(opts: {
  request: Record<string, unknown>;
  stream?: boolean;
  params?: Partial<Deployment["params"]>;
  ai?: AiBinding;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}): ProviderContext {
  const request = ChatCompletionRequest.parse({ model: "llama", ...opts.request });
  const ctx: ProviderContext = {
    deployment: {
      id: "d1",
      modelName: "llama",
      provider: "workers_ai",
      model: MODEL,
      params: { model: `workers_ai/${MODEL}`, api_key: "cf-test-token", account_id: "acc123", ...opts.params },
      modelInfo: {},
    },
    request,
    stream: opts.stream ?? false,
    fetch: opts.fetch ?? (() => Promise.reject(new Error("no network in unit tests"))),
    now: () => NOW,
    requestId: "chatcmpl-gw2",
    cache: new Map(),
    bindings: opts.ai ? { ai: opts.ai } : {},
  };
  if (opts.signal) ctx.signal = opts.signal;
  return ctx;
}

export interface FakeCall {
  model: string;
  inputs: Record<string, unknown>;
  options?: Record<string, unknown>;
}

/** A stand-in for env.AI: records calls and answers with `answer(inputs)` (or throws what it throws). */
export function fakeBinding(answer: (inputs: Record<string, unknown>) => unknown): AiBinding & { calls: FakeCall[] } {
  const calls: FakeCall[] = [];
  return {
    calls,
    async run(model, inputs, options) {
      calls.push(options === undefined ? { model, inputs } : { model, inputs, options });
      return answer(inputs);
    },
  };
}

/** SSE text as the binding returns it for stream: true. */
export function sseStream(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(c) {
      c.enqueue(bytes);
      c.close();
    },
  });
}
