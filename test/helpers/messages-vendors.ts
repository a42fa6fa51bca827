import type { ServerResponse } from "node:http";
import { encodeMessage } from "./event-stream.js";
import type { RecordedRequest } from "./mock-upstream.js";
import { sendRaw } from "./provider-calls.js";
import { sigV4Problem, type AwsCredentials } from "./sigv4-check.js";

/**
 * Loopback vendor mocks for the Messages acceptance tests: one scripted answer (thinking, text, parallel
 * tool calls, usage) rendered in each vendor's own wire format — non-stream and stream alike, so the
 * stream a client assembles can be compared with the non-stream answer — plus each vendor's errors, and
 * readers for what the vendor received (tool results, images, thinking settings).
 */

export interface ScriptedAnswer {
  /** Anthropic and Bedrock send it signed; Gemini as a thought part; OpenAI's chat API has none. */
  thinking?: { text: string; signature: string };
  text?: string;
  tools?: Array<{ id: string; name: string; input: Record<string, unknown> }>;
  usage: { input: number; output: number; cacheRead?: number; cacheWrite?: number };
}

export type VendorName = "anthropic" | "openai" | "gemini" | "bedrock";

/** What one tool result looked like to the vendor. */
export interface ReceivedToolResult {
  /** The call it answers (the vendor's id, or the function name where the vendor keys by name). */
  ref: string;
  text: string;
}

export interface VendorMock {
  name: VendorName;
  /** The model_list item for the group named after the vendor. */
  modelEntry(upstream: string): string;
  /** Gateway vars the entry refers to. */
  vars: Record<string, string>;
  answer(req: RecordedRequest, res: ServerResponse, a: ScriptedAnswer): Promise<void>;
  /** The vendor's error for a busy or rate-limited model, with its HTTP status. */
  fail(res: ServerResponse, kind: "overloaded" | "rate_limited"): Promise<void>;
  /** A stream that sends the answer's first text and then breaks off the way the vendor does. */
  failMidStream(res: ServerResponse, a: ScriptedAnswer): Promise<void>;
  /** Why the request is not one this vendor would accept from the gateway (auth, signature), or null. */
  problem(req: RecordedRequest): string | null;
  toolResults(req: RecordedRequest): ReceivedToolResult[];
  /** The base64 data of the first image the vendor received. */
  image(req: RecordedRequest): string | undefined;
  /** What the vendor was asked about thinking (its own field). */
  thinking(req: RecordedRequest): unknown;
}

type Obj = Record<string, any>;

/** A string cut into `n` nearly equal pieces (fragments arrive split in real streams). */
function pieces(s: string, n = 3): string[] {
  const size = Math.max(1, Math.ceil(s.length / n));
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out.length ? out : [""];
}

// --- Anthropic Messages (also what Bedrock's InvokeModel carries) ---------------------------------------

export function anthropicMessage(a: ScriptedAnswer, model: string): Obj {
  const content: Obj[] = [];
  if (a.thinking) content.push({ type: "thinking", thinking: a.thinking.text, signature: a.thinking.signature });
  if (a.text) content.push({ type: "text", text: a.text });
  for (const t of a.tools ?? []) content.push({ type: "tool_use", id: t.id, name: t.name, input: t.input });
  return {
    id: "msg_01Scripted",
    type: "message",
    role: "assistant",
    model,
    content,
    stop_reason: a.tools?.length ? "tool_use" : "end_turn",
    stop_sequence: null,
    usage: {
      input_tokens: a.usage.input,
      cache_creation_input_tokens: a.usage.cacheWrite ?? 0,
      cache_read_input_tokens: a.usage.cacheRead ?? 0,
      output_tokens: a.usage.output,
    },
  };
}

export function anthropicEvents(a: ScriptedAnswer, model: string, opts: { cutAfterText?: boolean } = {}): Obj[] {
  const m = anthropicMessage(a, model);
  const out: Obj[] = [
    {
      type: "message_start",
      message: { ...m, content: [], stop_reason: null, usage: { ...m.usage, output_tokens: 1 } },
    },
  ];
  m.content.forEach((b: Obj, index: number) => {
    const delta = (d: Obj) => out.push({ type: "content_block_delta", index, delta: d });
    if (b.type === "thinking") {
      out.push({
        type: "content_block_start",
        index,
        content_block: { type: "thinking", thinking: "", signature: "" },
      });
      for (const p of pieces(b.thinking)) delta({ type: "thinking_delta", thinking: p });
      delta({ type: "signature_delta", signature: b.signature });
    } else if (b.type === "text") {
      out.push({ type: "content_block_start", index, content_block: { type: "text", text: "" } });
      if (index === 0) out.push({ type: "ping" });
      for (const p of pieces(b.text)) delta({ type: "text_delta", text: p });
    } else {
      out.push({
        type: "content_block_start",
        index,
        content_block: { type: "tool_use", id: b.id, name: b.name, input: {} },
      });
      for (const p of pieces(JSON.stringify(b.input))) delta({ type: "input_json_delta", partial_json: p });
    }
    if (opts.cutAfterText && b.type === "text") return;
    out.push({ type: "content_block_stop", index });
  });
  if (opts.cutAfterText) {
    const at = out.findIndex((e) => e.delta?.type === "text_delta");
    return [...out.slice(0, at + 1), { type: "error", error: { type: "overloaded_error", message: "Overloaded" } }];
  }
  out.push(
    {
      type: "message_delta",
      delta: { stop_reason: m.stop_reason, stop_sequence: null },
      usage: { output_tokens: a.usage.output },
    },
    { type: "message_stop" },
  );
  return out;
}

const sseOf = (events: Obj[]) => events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join("");

/** Text of an Anthropic content value (string or blocks). */
function blocksText(c: unknown): string {
  if (typeof c === "string") return c;
  return ((c as Obj[] | undefined) ?? []).map((b) => (b.type === "text" ? b.text : "")).join("");
}

function anthropicToolResults(body: Obj): ReceivedToolResult[] {
  const last = body.messages.at(-1) as Obj;
  if (!Array.isArray(last.content)) return [];
  return last.content
    .filter((b: Obj) => b.type === "tool_result")
    .map((b: Obj) => ({ ref: b.tool_use_id, text: blocksText(b.content) }));
}

function anthropicImage(body: Obj): string | undefined {
  for (const m of body.messages as Obj[])
    for (const b of Array.isArray(m.content) ? m.content : []) if (b.type === "image") return b.source.data;
  return undefined;
}

export function anthropicMock(opts: { model: string; key: string }): VendorMock {
  return {
    name: "anthropic",
    vars: { ANTHROPIC_KEY: opts.key },
    modelEntry: (up) => `
  - model_name: anthropic
    litellm_params: { model: anthropic/${opts.model}, api_key: os.environ/ANTHROPIC_KEY, api_base: ${up} }`,
    async answer(req, res, a) {
      if (req.json() && (req.json() as Obj).stream)
        return sendRaw(res, {
          contentType: "text/event-stream",
          body: sseOf(anthropicEvents(a, opts.model)),
          pieceSize: 64,
        });
      return sendRaw(res, { contentType: "application/json", body: JSON.stringify(anthropicMessage(a, opts.model)) });
    },
    fail: (res, kind) =>
      kind === "overloaded"
        ? sendRaw(res, {
            status: 529,
            contentType: "application/json",
            body: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
          })
        : sendRaw(res, {
            status: 429,
            contentType: "application/json",
            headers: { "retry-after": "30" },
            body: '{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}',
          }),
    failMidStream: (res, a) =>
      sendRaw(res, {
        contentType: "text/event-stream",
        body: sseOf(anthropicEvents(a, opts.model, { cutAfterText: true })),
      }),
    problem: (req) => (req.headers["x-api-key"] === opts.key ? null : "wrong x-api-key"),
    toolResults: (req) => anthropicToolResults(req.json() as Obj),
    image: (req) => anthropicImage(req.json() as Obj),
    thinking: (req) => (req.json() as Obj).thinking,
  };
}

// --- Bedrock InvokeModel / InvokeModelWithResponseStream (Claude) --------------------------------------

function chunkFrame(event: Obj): Uint8Array {
  const bytes = Buffer.from(JSON.stringify(event)).toString("base64");
  return encodeMessage(
    { ":event-type": "chunk", ":content-type": "application/json", ":message-type": "event" },
    JSON.stringify({ bytes }),
  );
}

function concat(parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts.map((p) => Buffer.from(p)));
}

export function bedrockMock(opts: { model: string; creds: AwsCredentials }): VendorMock {
  const base = anthropicMock({ model: opts.model, key: "" });
  return {
    ...base,
    name: "bedrock",
    vars: { AWS_SECRET: opts.creds.secretAccessKey },
    modelEntry: (up) => `
  - model_name: bedrock
    litellm_params: { model: "bedrock/${opts.model}", aws_access_key_id: ${opts.creds.accessKeyId}, aws_secret_access_key: os.environ/AWS_SECRET, aws_region_name: ${opts.creds.region}, api_base: ${up} }`,
    async answer(req, res, a) {
      if (req.path.endsWith("/invoke-with-response-stream")) {
        const frames = anthropicEvents(a, opts.model).map(chunkFrame);
        return sendRaw(res, { contentType: "application/vnd.amazon.eventstream", body: concat(frames), pieceSize: 97 });
      }
      return sendRaw(res, { contentType: "application/json", body: JSON.stringify(anthropicMessage(a, opts.model)) });
    },
    fail: (res, kind) =>
      kind === "overloaded"
        ? sendRaw(res, {
            status: 503,
            contentType: "application/json",
            headers: { "x-amzn-errortype": "ServiceUnavailableException" },
            body: '{"message":"Bedrock is unable to process your request."}',
          })
        : sendRaw(res, {
            status: 429,
            contentType: "application/json",
            headers: { "x-amzn-errortype": "ThrottlingException" },
            body: '{"message":"Too many requests, please wait before trying again."}',
          }),
    async failMidStream(res, a) {
      const events = anthropicEvents(a, opts.model, { cutAfterText: true }).slice(0, -1);
      const exception = encodeMessage(
        {
          ":exception-type": "modelStreamErrorException",
          ":content-type": "application/json",
          ":message-type": "exception",
        },
        JSON.stringify({ message: "The model stream failed." }),
      );
      return sendRaw(res, {
        contentType: "application/vnd.amazon.eventstream",
        body: concat([...events.map(chunkFrame), exception]),
      });
    },
    problem: (req) => sigV4Problem(req, opts.creds),
  };
}

// --- OpenAI chat completions ----------------------------------------------------------------------------

function openAIUsage(a: ScriptedAnswer): Obj {
  const read = a.usage.cacheRead ?? 0;
  return {
    prompt_tokens: a.usage.input + read,
    completion_tokens: a.usage.output,
    total_tokens: a.usage.input + read + a.usage.output,
    prompt_tokens_details: { cached_tokens: read },
  };
}

export function openAIMock(opts: { model: string; key: string }): VendorMock {
  const head = { id: "chatcmpl-Scripted", created: 1_750_000_000, model: opts.model };
  const calls = (a: ScriptedAnswer) =>
    (a.tools ?? []).map((t) => ({
      id: t.id,
      type: "function",
      function: { name: t.name, arguments: JSON.stringify(t.input) },
    }));
  const finish = (a: ScriptedAnswer) => (a.tools?.length ? "tool_calls" : "stop");
  const chunk = (delta: Obj, finishReason: string | null = null) => ({
    ...head,
    object: "chat.completion.chunk",
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  });
  const chunks = (a: ScriptedAnswer, cut = false): Obj[] => {
    const out: Obj[] = [chunk({ role: "assistant", content: "" })];
    for (const p of pieces(a.text ?? "")) if (p) out.push(chunk({ content: p }));
    if (cut) return out;
    calls(a).forEach((c, index) => {
      out.push(
        chunk({
          tool_calls: [{ index, id: c.id, type: "function", function: { name: c.function.name, arguments: "" } }],
        }),
      );
      for (const p of pieces(c.function.arguments))
        out.push(chunk({ tool_calls: [{ index, function: { arguments: p } }] }));
    });
    out.push(chunk({}, finish(a)), { ...head, object: "chat.completion.chunk", choices: [], usage: openAIUsage(a) });
    return out;
  };
  const sse = (frames: Obj[], done: boolean) =>
    frames.map((f) => `data: ${JSON.stringify(f)}\n\n`).join("") + (done ? "data: [DONE]\n\n" : "");
  return {
    name: "openai",
    vars: { OPENAI_KEY: opts.key },
    modelEntry: (up) => `
  - model_name: openai
    litellm_params: { model: openai/${opts.model}, api_key: os.environ/OPENAI_KEY, api_base: ${up}/v1 }`,
    async answer(req, res, a) {
      if ((req.json() as Obj).stream)
        return sendRaw(res, { contentType: "text/event-stream", body: sse(chunks(a), true), pieceSize: 64 });
      const message: Obj = { role: "assistant", content: a.text ?? null, refusal: null };
      if (a.tools?.length) message.tool_calls = calls(a);
      const completion = {
        ...head,
        object: "chat.completion",
        choices: [{ index: 0, message, finish_reason: finish(a), logprobs: null }],
        usage: openAIUsage(a),
      };
      return sendRaw(res, { contentType: "application/json", body: JSON.stringify(completion) });
    },
    fail: (res, kind) =>
      kind === "overloaded"
        ? sendRaw(res, {
            status: 503,
            contentType: "application/json",
            body: '{"error":{"message":"The engine is currently overloaded, please try again later","type":"server_error","param":null,"code":null}}',
          })
        : sendRaw(res, {
            status: 429,
            contentType: "application/json",
            headers: { "retry-after": "30" },
            body: '{"error":{"message":"Rate limit reached for gpt-4o","type":"requests","param":null,"code":"rate_limit_exceeded"}}',
          }),
    failMidStream: (res, a) => sendRaw(res, { contentType: "text/event-stream", body: sse(chunks(a, true), false) }),
    problem: (req) => (req.headers.authorization === `Bearer ${opts.key}` ? null : "wrong bearer key"),
    toolResults: (req) =>
      ((req.json() as Obj).messages as Obj[])
        .filter((m) => m.role === "tool")
        .map((m) => ({ ref: m.tool_call_id, text: typeof m.content === "string" ? m.content : blocksText(m.content) })),
    image(req) {
      for (const m of (req.json() as Obj).messages as Obj[])
        for (const p of Array.isArray(m.content) ? m.content : [])
          if (p.type === "image_url") return String(p.image_url.url).replace(/^data:[^,]*,/, "");
      return undefined;
    },
    thinking: (req) => ({
      reasoning_effort: (req.json() as Obj).reasoning_effort,
      thinking: (req.json() as Obj).thinking,
    }),
  };
}

// --- Gemini generateContent / streamGenerateContent --------------------------------------------------------

export function geminiMock(opts: { model: string; key: string }): VendorMock {
  const usage = (a: ScriptedAnswer) => ({
    promptTokenCount: a.usage.input + (a.usage.cacheRead ?? 0),
    candidatesTokenCount: a.usage.output,
    totalTokenCount: a.usage.input + (a.usage.cacheRead ?? 0) + a.usage.output,
    cachedContentTokenCount: a.usage.cacheRead ?? 0,
  });
  const parts = (a: ScriptedAnswer): Obj[] => [
    ...(a.thinking ? [{ text: a.thinking.text, thought: true }] : []),
    ...(a.text ? [{ text: a.text }] : []),
    ...(a.tools ?? []).map((t) => ({ functionCall: { name: t.name, args: t.input } })),
  ];
  const response = (p: Obj[], a: ScriptedAnswer, last: boolean): Obj => ({
    candidates: [{ content: { role: "model", parts: p }, index: 0, ...(last ? { finishReason: "STOP" } : {}) }],
    ...(last ? { usageMetadata: usage(a) } : {}),
    modelVersion: opts.model,
    responseId: "resp-Scripted",
  });
  const streamBody = (a: ScriptedAnswer, cut = false) => {
    const all = parts(a);
    const split: Obj[][] = [];
    for (const p of all) {
      if (typeof p.text === "string") for (const t of pieces(p.text, 2)) split.push([{ ...p, text: t }]);
      else split.push([p]);
    }
    if (cut)
      return split
        .slice(0, all.findIndex((p) => !p.thought) + 1)
        .map((p) => `data: ${JSON.stringify(response(p, a, false))}\n\n`)
        .join("");
    return split.map((p, i) => `data: ${JSON.stringify(response(p, a, i === split.length - 1))}\n\n`).join("");
  };
  const contents = (req: RecordedRequest) => (req.json() as Obj).contents as Obj[];
  return {
    name: "gemini",
    vars: { GEMINI_KEY: opts.key },
    modelEntry: (up) => `
  - model_name: gemini
    litellm_params: { model: gemini/${opts.model}, api_key: os.environ/GEMINI_KEY, api_base: ${up} }`,
    async answer(req, res, a) {
      if (req.path.includes(":streamGenerateContent"))
        return sendRaw(res, { contentType: "text/event-stream", body: streamBody(a), pieceSize: 64 });
      return sendRaw(res, { contentType: "application/json", body: JSON.stringify(response(parts(a), a, true)) });
    },
    fail: (res, kind) =>
      sendRaw(res, {
        status: kind === "overloaded" ? 503 : 429,
        contentType: "application/json",
        body: JSON.stringify({
          error:
            kind === "overloaded"
              ? { code: 503, message: "The model is overloaded. Please try again later.", status: "UNAVAILABLE" }
              : { code: 429, message: "Resource has been exhausted (e.g. check quota).", status: "RESOURCE_EXHAUSTED" },
        }),
      }),
    failMidStream: (res, a) => sendRaw(res, { contentType: "text/event-stream", body: streamBody(a, true) }),
    problem: (req) =>
      req.headers["x-goog-api-key"] === opts.key || req.path.includes(`key=${opts.key}`) ? null : "wrong api key",
    toolResults: (req) =>
      contents(req)
        .flatMap((c) => c.parts as Obj[])
        .filter((p) => p.functionResponse)
        .map((p) => ({ ref: p.functionResponse.name, text: JSON.stringify(p.functionResponse.response) })),
    image(req) {
      for (const c of contents(req)) for (const p of c.parts as Obj[]) if (p.inlineData) return p.inlineData.data;
      return undefined;
    },
    thinking: (req) => (req.json() as Obj).generationConfig?.thinkingConfig,
  };
}
