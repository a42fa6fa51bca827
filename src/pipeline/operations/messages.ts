import { messagesCache } from "../caching/messages-cache.js";
import { costUpperBound, MEDIA_PART_TOKENS, TOOLS_PROMPT_TOKENS, utf8Length } from "../../accounting/estimate.js";
import { meteredOf } from "../../accounting/metered.js";
import { lookupPrice } from "../../accounting/prices.js";
import type { Message } from "../../anthropic/response.js";
import { chatUsageOf, toChatRequest, toMessage } from "../../codecs/messages/index.js";
import type { AnswerOptions } from "../../codecs/messages/from-chat-completion.js";
import type { Usage } from "../../openai/chat-response.js";
import type { Deployment } from "../../providers/deployment.js";
import type { ChunkSource } from "../../streaming/chunk-source.js";
import type { ChatCompletionChunk } from "../../openai/chat-response.js";
import { callNativeMessages, type NativeResult } from "../../upstream/call-native-messages.js";
import type { AttemptContext, Closing, Operation } from "../operation.js";
import { prepareForDeployment } from "../prepare-request.js";
import { jsonAnswer, jsonText, jsonTextAnswer } from "../respond.js";
import { chatOperation } from "./chat.js";
import { type MessagesCall, type MessagesHeaders, parseMessagesCall } from "./messages-request.js";
import { nativeMessagesStream, type MessagesStreamEnd, translatedMessagesStream } from "./messages-stream.js";

/** One attempt's answer: the vendor's own Messages answer (native), or a chat answer already translated back. */
export type MessagesResult =
  | { path: "native"; answer: NativeResult }
  | { path: "translated"; kind: "json"; message: Message; usage?: Usage; free?: boolean; notCarried: string[] }
  | {
      path: "translated";
      kind: "stream";
      head: ChatCompletionChunk[];
      source: ChunkSource;
      free?: boolean;
      notCarried: string[];
    };

/** Blocks that stand for more tokens than their bytes (an image given by URL, a PDF). */
const MEDIA_BLOCKS: ReadonlySet<string> = new Set(["image", "document"]);

function mediaBlocks(r: MessagesCall): number {
  let n = 0;
  const count = (content: unknown) => {
    if (!Array.isArray(content)) return;
    for (const b of content as Array<{ type?: unknown; content?: unknown }>) {
      if (MEDIA_BLOCKS.has(String(b.type))) n++;
      else if (b.type === "tool_result") count(b.content);
    }
  };
  for (const m of r.request.messages) count(m.content);
  return n;
}

/**
 * The cost bound: prompt tokens ≤ the body's bytes plus an allowance per image or document and for the
 * tool preamble; output ≤ max_tokens (thinking included); at the dearest rate of every deployment.
 */
function costBound(r: MessagesCall, deployments: readonly Deployment[], bodyBytes: number): number {
  const allowance = mediaBlocks(r) * MEDIA_PART_TOKENS + (r.request.tools?.length ? TOOLS_PROMPT_TOKENS : 0);
  return costUpperBound({
    bodyBytes: bodyBytes + allowance,
    request: { model: r.request.model, messages: [], max_completion_tokens: r.request.max_tokens },
    deployments,
    lookup: lookupPrice,
  });
}

/** Whether this attempt goes natively: the deployment speaks Messages (a mock deployment answers through chat). */
function nativeBuilder(d: Deployment) {
  const b = d.adapter.messages;
  return b?.supports(d) && d.params.mock_response === undefined ? b : undefined;
}

async function attempt(ctx: AttemptContext<MessagesCall>): Promise<MessagesResult> {
  const { deps, request: r, deployment } = ctx;
  const builder = nativeBuilder(deployment);
  if (builder) {
    // Client-side credentials apply only where the deployment allows them, as on every route.
    const prepared = prepareForDeployment({ request: r.request, adapter: {}, deployment, dropParams: false });
    const answer = await callNativeMessages({
      builder,
      ctx: {
        deployment: prepared.deployment,
        stream: r.stream === true,
        fetch: deps.fetch,
        now: deps.now,
        cache: deps.providerCache,
      },
      input: r.native,
      timeouts: ctx.timeouts,
      requestId: ctx.requestId,
      clientSignal: ctx.signal,
    });
    return { path: "native", answer };
  }
  r.translation ??= toChatRequest(r.request);
  const { request, notCarried } = r.translation;
  const out = await chatOperation.call({ ...ctx, request });
  if (out.kind === "stream") return { path: "translated", ...out, notCarried };
  // Translated here, inside the attempt: tool arguments that are not JSON are a 502 the router may retry.
  const message = toMessage(out.completion, answerOptions(r));
  return { path: "translated", kind: "json", message, usage: out.completion.usage, free: out.free, notCarried };
}

function answerOptions(r: MessagesCall): AnswerOptions {
  return { stopSequences: r.request.stop_sequences };
}

const STREAM_HEADERS = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" };

/** What the translated path could not carry, for the client to see (printable ASCII, bounded). */
function notCarriedHeader(headers: Record<string, string>, notCarried: readonly string[]): void {
  if (!notCarried.length) return;
  const text = notCarried.join(", ").replace(/[^\x20-\x7e]/g, "?");
  headers["x-switchyard-not-carried"] = text.length > 1000 ? `${text.slice(0, 997)}...` : text;
}

function respond(out: MessagesResult, close: Closing, r: MessagesCall): Response {
  const headers = close.headers;
  headers["request-id"] = headers["x-request-id"] ?? "";
  const ttftMs = close.now() - close.startedAt;
  const status = (end: MessagesStreamEnd) => (end.error ? end.error.status : end.clientClosed ? 499 : 200);
  if (out.path === "native") {
    const a = out.answer;
    if (a.kind === "json") return jsonTextAnswer(a.body, close, meteredOf(chatUsageOf(a.usage)));
    const body = nativeMessagesStream({
      head: a.head,
      source: a.source,
      onDone: (end) =>
        close.finish({
          status: status(end),
          usage: meteredOf(chatUsageOf(a.source.usage())),
          error: end.error,
          ttftMs,
        }),
    });
    return new Response(body, { status: 200, headers: Object.assign(headers, STREAM_HEADERS) });
  }
  notCarriedHeader(headers, out.notCarried);
  const free = out.free ? 0 : undefined;
  if (out.kind === "json") return jsonAnswer(out.message, close, meteredOf(out.usage), free);
  const body = translatedMessagesStream({
    head: out.head,
    source: out.source,
    answer: answerOptions(r),
    onDone: (end) =>
      close.finish({ status: status(end), usage: meteredOf(end.usage), error: end.error, ttftMs, costMicros: free }),
  });
  return new Response(body, { status: 200, headers: Object.assign(headers, STREAM_HEADERS) });
}

/**
 * POST /v1/messages (Anthropic's Messages API). Per attempt: natively where the deployment speaks
 * Messages (Claude on Anthropic, Vertex AI, Bedrock), else translated through the deployment's chat
 * adapter; a fallback between the two switches path before the first byte. Made per request: the
 * native path needs the client's `anthropic-version` and `anthropic-beta` headers.
 */
export function messagesOperation(headers: MessagesHeaders): Operation<MessagesCall, MessagesResult> {
  return {
    name: "messages",
    parse: (body) => parseMessagesCall(jsonText(body), headers),
    model: (r) => r.request.model,
    stream: (r) => r.stream === true,
    costBound: (r, deployments, body) => costBound(r, deployments, utf8Length(jsonText(body))),
    call: attempt,
    respond,
    cache: messagesCache,
  };
}
