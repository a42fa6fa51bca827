import { expect } from "vitest";
import { ChatCompletionChunk } from "../../src/openai/chat-response.js";
import type { ChatAdapter, ProviderContext, StreamFraming, StreamMapper } from "../../src/providers/provider.js";
import { decoderFor } from "../../src/streaming/framing.js";

export interface StreamRun {
  chunks: ChatCompletionChunk[];
  /** The mapper returned "done". */
  done: boolean;
  /** What the decoder or the mapper threw, if anything. */
  error?: unknown;
}

/**
 * Feed upstream bytes, cut into `pieces`, through the real decoder for `framing` and the mapper,
 * the way shared code does (onEvent per event, onEnd when the upstream closes or on "done").
 */
export async function runStream(opts: {
  framing: StreamFraming;
  mapper: StreamMapper;
  pieces: Uint8Array[];
}): Promise<StreamRun> {
  const { mapper } = opts;
  const pieces = opts.pieces;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const p of pieces) c.enqueue(p);
      c.close();
    },
  });
  const reader = body.pipeThrough(decoderFor(opts.framing)).getReader();
  const chunks: ChatCompletionChunk[] = [];
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      const out = mapper.onEvent(r.value);
      let done = false;
      for (const c of out) {
        if (c === "done") done = true;
        else chunks.push(c);
      }
      if (done) {
        await reader.cancel();
        chunks.push(...(mapper.onEnd?.() ?? []));
        return { chunks, done: true };
      }
    }
  } catch (error) {
    await reader.cancel().catch(() => {});
    return { chunks, done: false, error };
  }
  chunks.push(...(mapper.onEnd?.() ?? []));
  return { chunks, done: false };
}

/**
 * An adapter's stream mapper for `ctx` over `input` (text is sent as UTF-8), cut by `pieces` (whole
 * unless given), through the real decoder; every chunk it makes must be a valid OpenAI chunk.
 */
export async function runAdapterStream(opts: {
  adapter: Pick<ChatAdapter, "streamFraming" | "createStreamMapper">;
  ctx: ProviderContext;
  input: string | Uint8Array;
  pieces?: (bytes: Uint8Array) => Uint8Array[];
}): Promise<StreamRun> {
  const bytes = typeof opts.input === "string" ? new TextEncoder().encode(opts.input) : opts.input;
  const res = await runStream({
    framing: opts.adapter.streamFraming,
    mapper: opts.adapter.createStreamMapper(opts.ctx),
    pieces: opts.pieces?.(bytes) ?? [bytes],
  });
  for (const c of res.chunks) ChatCompletionChunk.parse(c);
  return res;
}

/** `bytes` cut into pieces of `size` bytes (the last may be shorter). */
export function splitEvery(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.slice(i, i + size));
  return out;
}

/** `bytes` cut in two at `at`. */
export function splitAt(bytes: Uint8Array, at: number): Uint8Array[] {
  return [bytes.slice(0, at), bytes.slice(at)].filter((p) => p.length > 0);
}

/**
 * `run` over `input` cut in two at every offset, then byte by byte, gives the chunks of the uncut
 * stream each time (the upstream may cut its bytes anywhere). Returns those chunks.
 */
export async function expectSameWhereverSplit(
  input: string | Uint8Array,
  run: (pieces?: (bytes: Uint8Array) => Uint8Array[]) => Promise<StreamRun>,
): Promise<ChatCompletionChunk[]> {
  const length = typeof input === "string" ? new TextEncoder().encode(input).length : input.length;
  const whole = (await run()).chunks;
  for (let at = 1; at < length; at++)
    expect((await run((b) => splitAt(b, at))).chunks, `split at ${at}`).toEqual(whole);
  expect((await run((b) => splitEvery(b, 1))).chunks, "byte by byte").toEqual(whole);
  return whole;
}

/** Joined content / reasoning / tool call arguments of a chunk list, as a client would assemble them. */
export function assemble(chunks: ChatCompletionChunk[]): {
  content: string;
  reasoning: string;
  toolCalls: Array<{ id?: string; name?: string; arguments: string }>;
  finishReason: string | null;
  role?: string;
} {
  let content = "";
  let reasoning = "";
  let finishReason: string | null = null;
  let role: string | undefined;
  const toolCalls: Array<{ id?: string; name?: string; arguments: string }> = [];
  for (const c of chunks) {
    for (const ch of c.choices) {
      const d = ch.delta;
      if (d.role && role === undefined) role = d.role;
      if (d.content) content += d.content;
      if (d.reasoning_content) reasoning += d.reasoning_content;
      for (const t of d.tool_calls ?? []) {
        toolCalls[t.index] ??= { arguments: "" };
        const slot = toolCalls[t.index]!;
        if (t.id) slot.id = t.id;
        if (t.function?.name) slot.name = t.function.name;
        if (t.function?.arguments) slot.arguments += t.function.arguments;
      }
      if (ch.finish_reason) finishReason = ch.finish_reason;
    }
  }
  return { content, reasoning, toolCalls, finishReason, role };
}
