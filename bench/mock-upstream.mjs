// Loopback mock of an OpenAI-compatible upstream: JSON completions with zero delay, and paced SSE
// streams (SSE_CHUNKS content chunks, SSE_GAP_MS apart, first one right after the headers).
// POST .../v1/messages answers as Anthropic's Messages API, JSON or SSE, paced alike; POST .../embeddings
// answers 1536 floats per input.
import http from "node:http";

export const SSE_CHUNKS = 10;
export const SSE_GAP_MS = 2;

const USAGE = { prompt_tokens: 12, completion_tokens: 10, total_tokens: 22 };

function completion(model) {
  return JSON.stringify({
    id: "chatcmpl-bench",
    object: "chat.completion",
    created: 1_700_000_000,
    model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: "Hello! How can I help you today?" },
        finish_reason: "stop",
        logprobs: null,
      },
    ],
    usage: USAGE,
  });
}

function chunk(model, delta, finish, usage) {
  const c = {
    id: "chatcmpl-bench",
    object: "chat.completion.chunk",
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
  if (usage) c.usage = usage;
  return `data: ${JSON.stringify(c)}\n\n`;
}

function streamSse(res, model, includeUsage) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  let i = 0;
  const next = () => {
    if (res.destroyed) return;
    if (i === 0) res.write(chunk(model, { role: "assistant", content: "w0 " }, null));
    else if (i < SSE_CHUNKS - 1) res.write(chunk(model, { content: `w${i} ` }, null));
    else {
      res.write(chunk(model, {}, "stop"));
      if (includeUsage)
        res.write(
          `data: ${JSON.stringify({ id: "chatcmpl-bench", object: "chat.completion.chunk", created: 1_700_000_000, model, choices: [], usage: USAGE })}\n\n`,
        );
      res.end("data: [DONE]\n\n");
      return;
    }
    i++;
    setTimeout(next, SSE_GAP_MS);
  };
  next();
}

const MESSAGES_USAGE = {
  input_tokens: 12,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
  output_tokens: 10,
};

function message(model) {
  return JSON.stringify({
    id: "msg_bench",
    type: "message",
    role: "assistant",
    model,
    content: [{ type: "text", text: "Hello! How can I help you today?" }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: MESSAGES_USAGE,
  });
}

const event = (e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;

/** Anthropic's stream: message_start with the first text delta, then SSE_CHUNKS - 1 more events, paced. */
function streamMessages(res, model) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  let i = 0;
  const next = () => {
    if (res.destroyed) return;
    const delta = (text) => event({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text } });
    if (i === 0) {
      const start = { id: "msg_bench", type: "message", role: "assistant", model, content: [], stop_reason: null };
      res.write(
        event({
          type: "message_start",
          message: { ...start, stop_sequence: null, usage: { ...MESSAGES_USAGE, output_tokens: 1 } },
        }) +
          event({ type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }) +
          delta("w0 "),
      );
    } else if (i < SSE_CHUNKS - 1) res.write(delta(`w${i} `));
    else {
      res.end(
        event({ type: "content_block_stop", index: 0 }) +
          event({
            type: "message_delta",
            delta: { stop_reason: "end_turn", stop_sequence: null },
            usage: { output_tokens: 10 },
          }) +
          event({ type: "message_stop" }),
      );
      return;
    }
    i++;
    setTimeout(next, SSE_GAP_MS);
  };
  next();
}

/** An embedding as text-embedding-3-small returns it: 1536 dimensions per input, floats or base64 float32. */
const VECTOR = Array.from({ length: 1536 }, (_, i) => Number((Math.sin(i) / 10).toFixed(9)));
const VECTOR_BASE64 = Buffer.from(new Float32Array(VECTOR).buffer).toString("base64");
function embeddings(model, input, encoding) {
  const inputs = Array.isArray(input) ? input : [input];
  const embedding = encoding === "base64" ? VECTOR_BASE64 : VECTOR;
  return JSON.stringify({
    object: "list",
    data: inputs.map((_, index) => ({ object: "embedding", index, embedding })),
    model,
    usage: { prompt_tokens: 4 * inputs.length, total_tokens: 4 * inputs.length },
  });
}

/**
 * Start the mock; `hits` counts requests per path prefix (e.g. "/d1/v1/chat/completions").
 * POSTs under /callbacks/ are a logging-callback receiver: answered 200, their records counted.
 */
export async function startMockUpstream() {
  const hits = new Map();
  const callbacks = { batches: 0, records: 0 };
  const server = http.createServer((req, res) => {
    const parts = [];
    req.on("data", (d) => parts.push(d));
    req.on("end", () => {
      hits.set(req.url, (hits.get(req.url) ?? 0) + 1);
      if (req.method === "POST" && req.url?.startsWith("/callbacks/")) {
        callbacks.batches++;
        try {
          const body = JSON.parse(Buffer.concat(parts).toString("utf8"));
          callbacks.records += Array.isArray(body) ? body.length : 1;
        } catch {
          // counted as a batch; a receiver keeps what it can read
        }
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
        return;
      }
      const messages = req.url?.endsWith("/v1/messages");
      const embedding = req.url?.endsWith("/embeddings");
      if (req.method !== "POST" || !(messages || embedding || req.url?.endsWith("/chat/completions"))) {
        res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"mock: unknown route"}}');
        return;
      }
      let body;
      try {
        body = JSON.parse(Buffer.concat(parts).toString("utf8"));
      } catch {
        res.writeHead(400, { "content-type": "application/json" }).end('{"error":{"message":"mock: bad json"}}');
        return;
      }
      const model = typeof body.model === "string" ? body.model : "bench-model";
      if (embedding)
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(embeddings(model, body.input, body.encoding_format));
      else if (messages) {
        if (body.stream === true) streamMessages(res, model);
        else res.writeHead(200, { "content-type": "application/json" }).end(message(model));
      } else if (body.stream === true) streamSse(res, model, body.stream_options?.include_usage === true);
      else res.writeHead(200, { "content-type": "application/json" }).end(completion(model));
    });
  });
  server.keepAliveTimeout = 60_000;
  const sockets = new Set();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    hits,
    callbacks,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
