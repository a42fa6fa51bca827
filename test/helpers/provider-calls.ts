import type http from "node:http";
import OpenAI from "openai";
import type { ChatCompletionChunk, ChatCompletionFunctionTool } from "openai/resources/chat/completions";
import type { CompletionUsage } from "openai/resources/completions";
import { MASTER_KEY, configWith, type TestGateway } from "./gateway.js";

/**
 * Shared pieces of the native-provider integration tests (test/workers/providers/*.test.ts):
 * the gateway config, the official client, stream collection and the raw SSE error frame.
 */

/** A config with the given model_list and no retries, so one upstream error reaches the client from one attempt. */
export function providerConfig(modelList: string): string {
  return configWith(modelList, "router_settings:\n  num_retries: 0\n");
}

/** The official OpenAI client against the gateway with the master key, no client retries. */
export function gatewayClient(gw: TestGateway): OpenAI {
  return new OpenAI({ apiKey: MASTER_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 });
}

export const WEATHER_TOOL: ChatCompletionFunctionTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: {
      type: "object",
      properties: { location: { type: "string" }, unit: { type: "string" } },
      required: ["location"],
    },
  },
};

export interface StreamedToolCall {
  index: number;
  id: string | undefined;
  type: string | undefined;
  name: string;
  /** The argument pieces joined, as a client assembles them. */
  arguments: string;
}

export interface CollectedStream {
  chunks: ChatCompletionChunk[];
  /** delta.role of the first chunk that has a choice. */
  firstRole: string | undefined;
  text: string;
  toolCalls: StreamedToolCall[];
  finishReason: string | null;
  /** Usage of the last chunk, if it carried any. */
  usage: CompletionUsage | undefined;
  /** How many chunks carried usage. */
  usageChunks: number;
  /** What iterating the stream threw (an in-stream error event), if anything. */
  error?: unknown;
}

/** Iterate a client stream to its end (or its error), assembling text and tool calls as a client does. */
export async function collectUntilError(stream: AsyncIterable<ChatCompletionChunk>): Promise<CollectedStream> {
  const out: CollectedStream = {
    chunks: [],
    firstRole: undefined,
    text: "",
    toolCalls: [],
    finishReason: null,
    usage: undefined,
    usageChunks: 0,
  };
  let sawChoice = false;
  try {
    for await (const c of stream) {
      out.chunks.push(c);
      if (c.usage) out.usageChunks++;
      for (const ch of c.choices) {
        if (!sawChoice) {
          sawChoice = true;
          out.firstRole = ch.delta.role ?? undefined;
        }
        out.text += ch.delta.content ?? "";
        if (ch.finish_reason) out.finishReason = ch.finish_reason;
        for (const tc of ch.delta.tool_calls ?? []) {
          let call = out.toolCalls.find((t) => t.index === tc.index);
          if (!call) {
            call = { index: tc.index, id: tc.id, type: tc.type, name: "", arguments: "" };
            out.toolCalls.push(call);
          }
          call.name += tc.function?.name ?? "";
          call.arguments += tc.function?.arguments ?? "";
        }
      }
    }
  } catch (e) {
    out.error = e;
  }
  out.usage = out.chunks.at(-1)?.usage ?? undefined;
  return out;
}

/** Like collectUntilError, but a stream that ends in an error fails the test with that error. */
export async function collectStream(stream: AsyncIterable<ChatCompletionChunk>): Promise<CollectedStream> {
  const out = await collectUntilError(stream);
  if (out.error !== undefined) throw out.error;
  return out;
}

export interface RawStream {
  status: number;
  contentType: string | null;
  /** Every `data:` payload, JSON-parsed, without the final [DONE]. */
  frames: Array<Record<string, unknown>>;
  /** The stream ended with `data: [DONE]`. */
  done: boolean;
  /** The `error` object of the last frame, when the last frame is an error event. */
  error: { message: string; type: string; param: string | null; code: string | null } | undefined;
}

/** POST a streaming chat completion with plain fetch and read the SSE body frame by frame. */
export async function rawStream(gw: TestGateway, body: Record<string, unknown>): Promise<RawStream> {
  const res = await gw.call("/v1/chat/completions", { body: { ...body, stream: true } });
  const text = await res.text();
  const payloads = text
    .split(/\r?\n\r?\n/)
    .filter((f) => f.trim() !== "")
    .map((f) =>
      f
        .split(/\r?\n/)
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).trimStart())
        .join("\n"),
    );
  const done = payloads.at(-1) === "[DONE]";
  const frames = (done ? payloads.slice(0, -1) : payloads).map((p) => JSON.parse(p) as Record<string, unknown>);
  const last = frames.at(-1);
  const error =
    last && typeof last.error === "object" && last.error !== null ? (last.error as RawStream["error"]) : undefined;
  return { status: res.status, contentType: res.headers.get("content-type"), frames, done, error };
}

/**
 * Answer with a fixed body (a fixture stream file, NDJSON lines, event-stream bytes). With `pieceSize`,
 * the body goes out in pieces of that many bytes, one write per turn of the event loop, so frames,
 * lines and multi-byte characters reach the gateway cut at arbitrary points.
 */
export async function sendRaw(
  res: http.ServerResponse,
  opts: {
    status?: number;
    contentType: string;
    body: string | Uint8Array;
    headers?: Record<string, string>;
    pieceSize?: number;
  },
): Promise<void> {
  res.writeHead(opts.status ?? 200, { "content-type": opts.contentType, ...(opts.headers ?? {}) });
  const bytes = Buffer.from(opts.body);
  if (!opts.pieceSize) {
    res.end(bytes);
    return;
  }
  for (let i = 0; i < bytes.length; i += opts.pieceSize) {
    if (res.destroyed) return;
    res.write(bytes.subarray(i, i + opts.pieceSize));
    await new Promise<void>((r) => setImmediate(r));
  }
  res.end();
}
