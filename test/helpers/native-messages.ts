import type { Deployment } from "../../src/providers/deployment.js";
import type {
  NativeContext,
  NativeEvent,
  NativeInput,
  NativeMessagesBuilder,
} from "../../src/providers/shared/native-messages.js";
import type { MessagesUsage } from "../../src/anthropic/response.js";
import { parseBetaHeader } from "../../src/providers/shared/anthropic-betas.js";
import { framesFor } from "../../src/streaming/framing.js";
import type { UpstreamEvent } from "../../src/providers/provider.js";
import { providerNamed } from "../../src/providers/all.js";

/** A NativeContext for one deployment of `provider/model`; fetch refuses unless a test passes its own. */
export function nativeContext(opts: {
  provider: string;
  model: string;
  params?: Partial<Deployment["params"]>;
  stream?: boolean;
  fetch?: typeof fetch;
  now?: number;
}): NativeContext {
  return {
    deployment: {
      id: "d1",
      modelName: "claude-group",
      provider: opts.provider,
      model: opts.model,
      params: { model: `${opts.provider}/${opts.model}`, ...opts.params },
      modelInfo: {},
      adapter: providerNamed(opts.provider)!,
    },
    stream: opts.stream ?? false,
    fetch: opts.fetch ?? (() => Promise.reject(new Error("no network in unit tests"))),
    now: () => opts.now ?? 1_750_000_000_000,
    cache: new Map(),
  };
}

/** What a route hands a native builder: the body text as received and the client's headers. */
export function nativeInput(body: string, headers: Record<string, string> = {}): NativeInput {
  const input: NativeInput = {
    body,
    json: JSON.parse(body) as Record<string, unknown>,
    betas: parseBetaHeader(headers["anthropic-beta"]),
  };
  if (headers["anthropic-version"]) input.anthropicVersion = headers["anthropic-version"];
  return input;
}

/** A native stream's bytes through the real decoder for the builder's framing and its reader. */
export function readNativeStream(
  builder: NativeMessagesBuilder,
  bytes: Uint8Array,
): { events: NativeEvent[]; usage: MessagesUsage; done: boolean; error?: unknown } {
  const decoder = framesFor(builder.streamFraming);
  const reader = builder.createStreamReader();
  const events: NativeEvent[] = [];
  try {
    const frames: UpstreamEvent[] = [];
    decoder.push(bytes, frames);
    decoder.end(frames);
    for (const f of frames) events.push(...reader.onEvent(f));
  } catch (error) {
    return { events, usage: reader.usage(), done: reader.done, error };
  }
  return { events, usage: reader.usage(), done: reader.done };
}
