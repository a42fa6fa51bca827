import type { AiBinding, ProviderContext } from "../../../../src/providers/provider.js";
import { providerContext, providerFixtures, type ProviderContextOptions } from "../../../helpers/provider-context.js";

export { HELLO, NOW } from "../../../helpers/provider-context.js";

export const { fixtureText, fixtureJson } = providerFixtures("workers_ai");

export const MODEL = "@cf/meta/llama-3.1-8b-instruct";

const restCtx = providerContext({
  provider: "workers_ai",
  modelName: "llama",
  model: MODEL,
  params: ({ model }) => ({ model: `workers_ai/${model}`, api_key: "cf-test-token", account_id: "acc123" }),
  requestId: "chatcmpl-gw2",
});

/** A ProviderContext for an OpenAI request against one Workers AI deployment (REST unless `ai` is given). */
export function makeCtx(opts: ProviderContextOptions & { ai?: AiBinding }): ProviderContext {
  const { ai, ...rest } = opts;
  return restCtx(ai ? { ...rest, bindings: { ai } } : rest);
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
