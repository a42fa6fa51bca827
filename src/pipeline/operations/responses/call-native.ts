import { type NativeAnswer, NativeStreamTap, readNativeAnswer } from "../../../codecs/responses/native-answer.js";
import { nativeCreateRequest, type NativeResponsesEndpoint } from "../../../codecs/responses/native.js";
import { nativeRequestFor } from "../../../codecs/responses/native-history.js";
import { APIConnectionError, BadGatewayError, type GatewayError } from "../../../errors/gateway-error.js";
import { CLIENT_CREDENTIAL_FIELDS } from "../../../openai/gateway-fields.js";
import type { OperationAdapter } from "../../../providers/provider.js";
import type { ResponseCreateRequest } from "../../../responses/request.js";
import { framesFor } from "../../../streaming/framing.js";
import { callOperation } from "../../../upstream/call-operation.js";
import type { AttemptContext } from "../../operation.js";
import { prepareForDeployment } from "../../prepare-request.js";
import { nativeErrorParser } from "./native-errors.js";
import { clientRequest, conversationOf, type ResponsesAnswer, type ResponsesCall } from "./responses-call.js";

/** A native answer: the upstream's JSON text as it came, or its stream with the bytes read so far. */
export type NativeResult = { kind: "json"; text: string; answer: NativeAnswer } | NativeStream;

/** A native stream after its first event: the bytes read so far, the rest, and what the tap saw. */
export interface NativeStream {
  kind: "stream";
  head: Uint8Array[];
  reader: ReadableStreamDefaultReader<Uint8Array>;
  /** Feeds the tap with the events in a piece of the stream; returns how many there were. */
  watch(bytes: Uint8Array | undefined): number;
  tap: NativeStreamTap;
  /** Events seen so far (the next event's sequence_number). */
  events: number;
}

/**
 * One attempt on a deployment that runs the Responses API itself: the client's request with the vendor's
 * model id and the deployment's credentials (client-side credentials only where allowed), a conversation
 * that crossed deployments inlined (native-history.ts). Timeouts, aborts and error mapping are the shared
 * ones (callOperation); a stream resolves once its first event is in, so a failure before it can still be
 * retried elsewhere.
 */
export async function callNative(
  ctx: AttemptContext<ResponsesCall>,
  endpoint: NativeResponsesEndpoint,
): Promise<Extract<ResponsesAnswer, { path: "native" }>> {
  const { deps, deployment } = ctx;
  const chain = conversationOf(ctx.request).chain;
  const request = clientRequest(ctx.request);
  const native = chain ? nativeRequestFor({ request, chain, deploymentId: deployment.id }) : request;
  const prepared = prepareForDeployment({ request: native, adapter: {}, deployment, dropParams: false });
  const stream = request.stream === true;
  const adapter: OperationAdapter<ResponseCreateRequest, NativeResult> = {
    answer: "raw",
    buildRequest: (c) => nativeCreateRequest({ endpoint, deployment: c.deployment, request: c.request }),
    parseResponse: (_c, res) =>
      stream ? firstEvent(res as Response, deployment.provider) : jsonOf(res as Response, deployment.provider),
    parseError: nativeErrorParser(deployment),
  };
  const result = await callOperation({
    adapter,
    timeouts: ctx.timeouts,
    clientSignal: ctx.signal,
    ctx: {
      deployment: prepared.deployment,
      request: prepared.request,
      stream,
      fetch: deps.fetch,
      now: deps.now,
      requestId: ctx.requestId,
      cache: deps.providerCache,
      bindings: deps.bindings,
    },
  });
  const clientChosen = CLIENT_CREDENTIAL_FIELDS.some((f) => request[f] != null);
  return { path: "native", deployment, result, storable: !clientChosen };
}

async function jsonOf(res: Response, provider: string): Promise<NativeResult> {
  const text = await res.text().catch((e: unknown) => {
    throw cut(e, provider);
  });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BadGatewayError(`${provider} returned invalid JSON`, { provider, code: "invalid_upstream_response" });
  }
  return { kind: "json", text, answer: readNativeAnswer(body) };
}

/** Read until the stream's first event is complete (the bytes are kept to pass on). */
async function firstEvent(res: Response, provider: string): Promise<NativeStream> {
  if (!res.body) throw new BadGatewayError(`${provider} returned an empty stream`, { provider });
  const reader = res.body.getReader();
  const frames = framesFor("sse");
  const tap = new NativeStreamTap();
  const s: NativeStream = {
    kind: "stream",
    head: [],
    reader,
    tap,
    events: 0,
    watch(bytes) {
      const events: Array<{ event?: string; data: string }> = [];
      if (bytes) frames.push(bytes, events);
      else frames.end(events);
      for (const ev of events) tap.onEvent(ev);
      s.events += events.length;
      return events.length;
    },
  };
  for (;;) {
    const r = await reader.read().catch((e: unknown) => {
      throw cut(e, provider);
    });
    if (r.done) throw new BadGatewayError(`${provider} ended the stream before its first event`, { provider });
    s.head.push(r.value);
    if (s.watch(r.value) > 0) return s;
  }
}

/** A read that failed (a timeout or the client's abort is reported by the attempt's scope instead). */
function cut(e: unknown, provider: string): GatewayError {
  const msg = e instanceof Error ? e.message : String(e);
  return new APIConnectionError(`connection to ${provider} failed: ${msg}`, {
    provider,
    code: "upstream_connection_error",
  });
}
