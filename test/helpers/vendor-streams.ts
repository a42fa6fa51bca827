import type { ChatCompletionChunk } from "../../src/openai/chat-response.js";
import type { ChatAdapter, ProviderContext } from "../../src/providers/provider.js";
import { anthropicAdapter } from "../../src/providers/anthropic/index.js";
import { bedrockAdapter } from "../../src/providers/bedrock/index.js";
import { cohereAdapter } from "../../src/providers/cohere/index.js";
import { geminiAdapter } from "../../src/providers/gemini/index.js";
import { ollamaAdapter } from "../../src/providers/ollama/index.js";
import { openAICompatibleAdapter } from "../../src/providers/openai-compatible/index.js";
import { VENDORS } from "../../src/providers/openai-compatible/vendors.js";
import { encodeFixture } from "./event-stream.js";
import { fixtureJson, fixtureText } from "./fixtures.js";
import { providerContext } from "./provider-context.js";
import { runAdapterStream } from "./run-stream.js";

/**
 * Chat chunk streams exactly as the gateway's adapters make them from recorded vendor streams
 * (test/fixtures/<vendor>/): the input of the Messages stream encoder on the translated path.
 */
export interface VendorStream {
  name: string;
  chunks: ChatCompletionChunk[];
  /** What the stream failed with after its chunks, if it did. */
  error?: unknown;
}

const ctxFor = (provider: string, model: string, params: Record<string, string> = {}) =>
  providerContext({
    provider,
    modelName: "group",
    model,
    params: () => ({ model: `${provider}/${model}`, api_key: "test-key", ...params }),
    requestId: "chatcmpl-gw",
  })({ request: { messages: [{ role: "user", content: "hi" }], stream: true }, stream: true });

const openai = openAICompatibleAdapter(VENDORS.find((v) => v.name === "openai")!);
const bedrockBytes = (name: string) =>
  encodeFixture(fixtureJson<Array<{ event?: string; exception?: string; payload: unknown }>>(`bedrock/${name}`));

const SOURCES: Array<{
  name: string;
  adapter: ChatAdapter;
  ctx: ProviderContext;
  input: () => string | Uint8Array;
}> = [
  ...["stream.chunks.txt", "tool-call.stream.chunks.txt"].map((f) => ({
    name: `openai/${f}`,
    adapter: openai,
    ctx: ctxFor("openai", "gpt-4o"),
    input: () => fixtureText(`openai/${f}`),
  })),
  ...["text", "thinking", "tool-call", "parallel-tool-calls", "cached-usage", "stream-error"].map((f) => ({
    name: `anthropic/${f}`,
    adapter: anthropicAdapter,
    ctx: ctxFor("anthropic", "claude-sonnet-4-5-20250929"),
    input: () => fixtureText(`anthropic/${f}.chunks.txt`),
  })),
  ...["text", "thinking", "tool-call", "parallel-tool-calls", "stream-error"].map((f) => ({
    name: `bedrock/${f}`,
    adapter: bedrockAdapter,
    ctx: ctxFor("bedrock", "us.anthropic.claude-3-5-sonnet-20241022-v2:0", {
      aws_access_key_id: "AKID",
      aws_secret_access_key: "secret",
    }),
    input: () => bedrockBytes(`${f}.events.json`),
  })),
  ...["text", "thinking", "tool-call", "parallel-tool-calls", "stream-error"].map((f) => ({
    name: `gemini/${f}`,
    adapter: geminiAdapter,
    ctx: ctxFor("gemini", "gemini-2.5-flash"),
    input: () => fixtureText(`gemini/${f}.chunks.txt`),
  })),
  ...["text", "thinking", "parallel-tool-calls", "stream-error"].map((f) => ({
    name: `cohere/${f}`,
    adapter: cohereAdapter,
    ctx: ctxFor("cohere", "command-a-03-2025"),
    input: () => fixtureText(`cohere/${f}.chunks.txt`),
  })),
  ...["text", "thinking", "parallel-tool-calls", "length", "stream-error"].map((f) => ({
    name: `ollama/${f}`,
    adapter: ollamaAdapter,
    ctx: ctxFor("ollama", "qwen3:8b"),
    input: () => fixtureText(`ollama/${f}.chunks.txt`),
  })),
];

export async function vendorStreams(): Promise<VendorStream[]> {
  const out: VendorStream[] = [];
  for (const s of SOURCES) {
    const run = await runAdapterStream({ adapter: s.adapter, ctx: s.ctx, input: s.input() });
    out.push(run.error === undefined ? { name: s.name, chunks: run.chunks } : { name: s.name, ...run });
  }
  return out;
}
