import type { MessagesUsage } from "../anthropic/response.js";
import { APIConnectionError, BadGatewayError, GatewayError } from "../errors/gateway-error.js";
import { secretValuesOf } from "../errors/redact.js";
import type { ProviderContext, UpstreamEvent } from "../providers/provider.js";
import type {
  NativeContext,
  NativeEvent,
  NativeInput,
  NativeMessagesBuilder,
  NativeStreamReader,
} from "../providers/shared/native-messages.js";
import { framesFor } from "../streaming/framing.js";
import { AttemptScope } from "./abort.js";
import type { CallTimeouts } from "./call-provider.js";
import { fetchUpstream, transportError } from "./fetch-upstream.js";
import { readErrorBody, scrubbed } from "./upstream-errors.js";

/** Pull-based source of a native stream's events; `next()` → null after message_stop. */
export interface NativeEventSource {
  next(): Promise<NativeEvent[] | null>;
  cancel(reason?: unknown): Promise<void>;
  /** The usage reported so far (final once the stream ended). */
  usage(): MessagesUsage;
}

/** A native attempt's answer: the Message text as the vendor sent it, or the stream's first events and the rest. */
export type NativeResult =
  | { kind: "json"; body: string; usage: MessagesUsage }
  | { kind: "stream"; head: NativeEvent[]; source: NativeEventSource };

/** The context shared upstream code takes (the deployment's extra headers, fetch). */
function providerContext(
  ctx: NativeContext,
  o: { input: NativeInput; requestId: string },
): ProviderContext<NativeInput> {
  return {
    deployment: ctx.deployment,
    request: o.input,
    stream: ctx.stream,
    fetch: ctx.fetch,
    now: ctx.now,
    requestId: o.requestId,
    cache: ctx.cache,
    bindings: {},
  };
}

/** Events that carry the answer itself: once one is in hand, the stream is committed to this deployment. */
const CONTENT_EVENTS: ReadonlySet<string> = new Set(["content_block_delta", "message_delta", "message_stop"]);

/**
 * One native Messages attempt against one deployment: the builder's request sent within the deadline and
 * the client's abort, an error answer mapped by the builder and scrubbed of the deployment's secrets. A
 * stream resolves once its first content event is in hand, so an error event or a cut before it (an
 * overloaded Claude sends `error` right after `message_start`) is retried or falls back invisibly.
 */
export async function callNativeMessages(opts: {
  builder: NativeMessagesBuilder;
  ctx: NativeContext;
  input: NativeInput;
  timeouts: CallTimeouts;
  requestId: string;
  clientSignal?: AbortSignal;
}): Promise<NativeResult> {
  const { builder, ctx, timeouts } = opts;
  const provider = builder.provider;
  const scope = new AttemptScope(opts.clientSignal);
  scope.arm(timeouts.timeoutMs, `request to ${provider}`);
  // Worked out only when an error needs scrubbing.
  let known: readonly string[] | undefined;
  const secrets = () => (known ??= secretValuesOf(ctx.deployment.params));
  try {
    const req = await builder.buildRequest({ ...ctx, signal: scope.signal }, opts.input);
    const res = await fetchUpstream({ provider, ctx: providerContext(ctx, opts), req, scope });
    if (!res.ok) {
      const body = await readErrorBody(res);
      throw scrubbed(builder.parseError(ctx, { status: res.status, headers: res.headers, body }), secrets());
    }
    if (!ctx.stream) {
      let text: string;
      try {
        text = await res.text();
      } catch (e) {
        throw transportError(e, scope, provider);
      }
      const answer = builder.readResponse(text);
      scope.dispose();
      return { kind: "json", ...answer };
    }
    if (!res.body) throw new BadGatewayError(`${provider} returned an empty stream`, { provider });
    scope.arm(timeouts.streamTimeoutMs ?? timeouts.timeoutMs, `first event from ${provider}`);
    const source = nativeSource({ body: res.body, builder, scope, secrets });
    const head: NativeEvent[] = [];
    for (;;) {
      const events = await source.next();
      if (events === null) break;
      head.push(...events);
      if (events.some((e) => CONTENT_EVENTS.has(e.event))) break;
    }
    scope.disarm();
    return { kind: "stream", head, source };
  } catch (e) {
    scope.dispose();
    const reason = scope.reasonFor(e);
    throw reason instanceof GatewayError ? reason : e;
  }
}

function nativeSource(opts: {
  body: ReadableStream<Uint8Array>;
  builder: NativeMessagesBuilder;
  scope: AttemptScope;
  secrets: () => readonly string[];
}): NativeEventSource {
  const { builder, scope } = opts;
  const provider = builder.provider;
  const reader = opts.body.getReader();
  const frames = framesFor(builder.streamFraming);
  const events: NativeStreamReader = builder.createStreamReader();
  const pending: UpstreamEvent[] = [];
  let finished = false;
  let failure: { error: unknown } | undefined;
  const close = () => {
    finished = true;
    scope.dispose();
  };
  const fail = (e: unknown): never => {
    close();
    void reader.cancel().catch(() => {});
    throw scrubbed(e, opts.secrets());
  };
  return {
    async next() {
      while (!finished) {
        if (failure !== undefined) return fail(failure.error);
        const out: NativeEvent[] = [];
        try {
          while (pending.length) out.push(...events.onEvent(pending.shift()!));
        } catch (e) {
          // The events before the failure go out first; the failure ends the stream on the next read.
          if (!out.length) return fail(e);
          failure = { error: e };
          return out;
        }
        if (events.done) {
          // message_stop is the last event Anthropic sends; whatever follows is not read.
          close();
          void reader.cancel().catch(() => {});
          return out;
        }
        if (out.length) return out;
        let r: ReadableStreamReadResult<Uint8Array>;
        try {
          r = await reader.read();
        } catch (e) {
          close();
          throw transportError(e, scope, provider);
        }
        try {
          if (r.done) frames.end(pending);
          else frames.push(r.value, pending);
        } catch (e) {
          return fail(e);
        }
        if (r.done && pending.length === 0) {
          return fail(
            new APIConnectionError(`the stream from ${provider} ended before message_stop`, {
              provider,
              code: "upstream_stream_incomplete",
            }),
          );
        }
      }
      return null;
    },
    async cancel(reason) {
      if (finished) return;
      close();
      scope.controller.abort(reason); // closes the upstream connection, not just our reader
      void reader.cancel(reason).catch(() => {});
    },
    usage: () => events.usage(),
  };
}

/** POST /v1/messages/count_tokens on a deployment that counts natively: `{input_tokens}`. */
export async function callNativeCountTokens(opts: {
  builder: NativeMessagesBuilder;
  ctx: NativeContext;
  input: NativeInput;
  timeoutMs?: number;
  requestId: string;
}): Promise<{ input_tokens: number }> {
  const { builder, ctx } = opts;
  const provider = builder.provider;
  const scope = new AttemptScope();
  scope.arm(opts.timeoutMs, `token count from ${provider}`);
  try {
    const req = await builder.buildCountTokensRequest({ ...ctx, signal: scope.signal }, opts.input);
    const res = await fetchUpstream({ provider, ctx: providerContext(ctx, opts), req, scope });
    if (!res.ok) {
      const body = await readErrorBody(res);
      const error = builder.parseError(ctx, { status: res.status, headers: res.headers, body });
      throw scrubbed(error, secretValuesOf(ctx.deployment.params));
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw transportError(e, scope, provider);
    }
    return builder.readCountTokens(text);
  } catch (e) {
    const reason = scope.reasonFor(e);
    throw reason instanceof GatewayError ? reason : e;
  } finally {
    scope.dispose();
  }
}
