import type { Deployment } from "../../src/providers/deployment.js";
import { ChatCompletionRequest } from "../../src/openai/chat-request.js";
import type { ProviderContext } from "../../src/providers/provider.js";
import { providerNamed } from "../../src/providers/all.js";
import { fixtureJson, fixtureText } from "./fixtures.js";

/** The clock provider unit tests run at (epoch ms), unless a provider fixes its own. */
export const NOW = 1_750_000_000_000;
export const HELLO = [{ role: "user", content: "Hello" }];

const noNetwork: typeof fetch = () => Promise.reject(new Error("no network in unit tests"));

/** What one provider's tests fix once: the deployment they run against and the gateway's request id. */
export interface ProviderTestSetup {
  provider: string;
  /** The model group; also the request's `model` unless the request names one. */
  modelName: string;
  /** The vendor model id, unless a test passes `model`. */
  model: string;
  /** The deployment's params for a provider and model; a test's own `params` go on top. */
  params: (d: { provider: string; model: string }) => Deployment["params"];
  requestId: string;
  /** Deployment id; "d1" unless given. */
  id?: string;
  /** Epoch ms that ctx.now() returns; NOW unless given. */
  now?: number;
}

/** One test's request, and what it changes from the provider's setup. */
export interface ProviderContextOptions {
  request: Record<string, unknown>;
  stream?: boolean;
  model?: string;
  provider?: string;
  params?: Partial<Deployment["params"]> & Record<string, unknown>;
  modelInfo?: Deployment["modelInfo"];
  fetch?: typeof fetch;
  now?: () => number;
  cache?: Map<string, unknown>;
  bindings?: ProviderContext["bindings"];
  signal?: AbortSignal;
}

/**
 * A ProviderContext builder for one provider's tests: the request is validated like the gateway
 * does, fetch refuses (no network in unit tests) unless a test passes its own.
 */
export function providerContext(setup: ProviderTestSetup): (opts: ProviderContextOptions) => ProviderContext {
  return (opts) => {
    const provider = opts.provider ?? setup.provider;
    const model = opts.model ?? setup.model;
    const now = setup.now ?? NOW;
    const ctx: ProviderContext = {
      deployment: {
        id: setup.id ?? "d1",
        modelName: setup.modelName,
        provider,
        model,
        params: { ...setup.params({ provider, model }), ...opts.params },
        modelInfo: opts.modelInfo ?? {},
        adapter: providerNamed(provider)!,
      },
      request: ChatCompletionRequest.parse({ model: setup.modelName, ...opts.request }),
      stream: opts.stream ?? false,
      fetch: opts.fetch ?? noNetwork,
      now: opts.now ?? (() => now),
      requestId: setup.requestId,
      cache: opts.cache ?? new Map(),
      bindings: opts.bindings ?? {},
    };
    if (opts.signal) ctx.signal = opts.signal;
    return ctx;
  };
}

/** Readers for the fixtures in test/fixtures/<dir>/; `J` is what fixtureJson returns unless told. */
export function providerFixtures<J = unknown>(
  dir: string,
): { fixtureText(name: string): string; fixtureJson<T = J>(name: string): T } {
  return {
    fixtureText: (name) => fixtureText(`${dir}/${name}`),
    fixtureJson: <T = J>(name: string) => fixtureJson<T>(`${dir}/${name}`),
  };
}

/** The JSON body of an upstream request built by an adapter. */
export function bodyOf(req: { body?: string | Uint8Array | FormData }): Record<string, unknown> {
  if (typeof req.body !== "string") throw new Error("expected a string body");
  return JSON.parse(req.body) as Record<string, unknown>;
}
