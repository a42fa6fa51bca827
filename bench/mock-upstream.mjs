// Loopback mock of an OpenAI-compatible upstream: JSON completions with zero delay, and paced SSE
// streams (SSE_CHUNKS content chunks, SSE_GAP_MS apart, first one right after the headers).
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
      if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
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
      if (body.stream === true) streamSse(res, model, body.stream_options?.include_usage === true);
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
