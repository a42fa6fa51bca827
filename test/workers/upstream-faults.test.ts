import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerResponse } from "node:http";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { fixtureJson } from "../helpers/fixtures.js";
import { rssBytes, workerdPids } from "../helpers/workerd-process.js";

// Faults injected by a loopback OpenAI mock; each model name selects one behaviour.
let up: MockUpstream;
let gw: TestGateway;
const behaviours = new Map<string, (res: ServerResponse) => void>();

const chunk = (content: string, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;

beforeAll(async () => {
  up = await startMockUpstream((req, res) => {
    const model = (req.json() as { model: string }).model;
    const b = behaviours.get(model);
    if (b) b(res);
    else res.writeHead(500).end("unknown behaviour");
  });
  const models = ["truncated", "m429", "reset", "slow", "slowfirst", "cut", "held", "long", "e503", "garbage"];
  gw = await startGateway({
    config: configWith(
      models
        .map(
          (m) =>
            `  - model_name: ${m}\n    litellm_params: { model: openai/${m}, api_key: sk-up, api_base: ${up.url}/v1, timeout: 2, stream_timeout: 1 }`,
        )
        .join("\n"),
      "litellm_settings:\n  num_retries: 0\n",
    ),
  });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

const ask = (model: string, stream = false) =>
  gw.call("/v1/chat/completions", { body: { model, stream, messages: [{ role: "user", content: "hi" }] } });

async function errorOf(res: Response) {
  const body = (await res.json()) as {
    error: { message: string; type: string; code: string | null; param: string | null };
  };
  expect(Object.keys(body.error).sort()).toEqual(["code", "message", "param", "type"]);
  return body.error;
}

describe("upstream faults", () => {
  it("429 keeps the vendor message and its retry-after", async () => {
    behaviours.set("m429", (res) =>
      sendJson(res, 429, fixtureJson("openai/error-rate-limit.json"), { "retry-after": "7" }),
    );
    const res = await ask("m429");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    expect(res.headers.get("x-switchyard-model-id")).toMatch(/^m429-/);
    expect(res.headers.get("x-switchyard-attempted-retries")).toBe("0");
    const e = await errorOf(res);
    expect(e.type).toBe("rate_limit_error");
    expect(e.message).toContain("Rate limit reached for gpt-4o");
  });

  it("503 from the vendor is a 503 service-unavailable error", async () => {
    behaviours.set("e503", (res) =>
      sendJson(res, 503, {
        error: { message: "The engine is currently overloaded", type: "server_error", param: null, code: null },
      }),
    );
    const res = await ask("e503");
    expect(res.status).toBe(503);
    expect((await errorOf(res)).message).toContain("overloaded");
  });

  it("a connection reset becomes a 502 naming the connection failure", async () => {
    behaviours.set("reset", (res) => res.socket?.destroy());
    const res = await ask("reset");
    expect(res.status).toBe(502);
    const e = await errorOf(res);
    expect(e.type).toBe("api_connection_error");
    expect(e.message).toContain("connection to openai failed");
  });

  it("a non-JSON 200 body is a 502, not a crash", async () => {
    behaviours.set("garbage", (res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("<html>gateway</html>");
    });
    const res = await ask("garbage");
    expect(res.status).toBe(502);
    expect((await errorOf(res)).code).toBe("invalid_upstream_response");
  });

  it("an upstream slower than the deployment timeout ends in a 408, and the upstream request is aborted", async () => {
    let closed!: () => void;
    const upstreamClosed = new Promise<void>((r) => (closed = r));
    behaviours.set("slow", (res) => {
      res.on("close", () => closed());
    });
    const res = await ask("slow");
    expect(res.status).toBe(408);
    const e = await errorOf(res);
    expect(e.type).toBe("timeout");
    expect(e.message).toContain("timed out after 2s");
    await upstreamClosed;
  });

  it("a stream whose first byte is slower than stream_timeout ends in a 408 before anything is sent", async () => {
    behaviours.set("slowfirst", (res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.flushHeaders();
    });
    const res = await ask("slowfirst", true);
    expect(res.status).toBe(408);
    expect((await errorOf(res)).message).toContain("first chunk from openai timed out after 1s");
  });

  it("a stream cut mid-way ends with an OpenAI-shaped error event and a clean close", async () => {
    behaviours.set("cut", (res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(chunk("Hello"));
      setTimeout(() => res.socket?.destroy(), 50);
    });
    const res = await ask("cut", true);
    expect(res.status).toBe(200);
    const text = await res.text();
    const frames = text.split("\n\n").filter(Boolean);
    expect(JSON.parse(frames[0]!.slice(6)).choices[0].delta.content).toBe("Hello");
    const err = JSON.parse(frames.at(-2)!.slice(6));
    expect(err.error.type).toBe("api_connection_error");
    expect(frames.at(-1)).toBe("data: [DONE]");
  });

  it("a stream that closes cleanly but before any finish_reason ends with an error event", async () => {
    behaviours.set("truncated", (res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(chunk("partial"));
    });
    const text = await (await ask("truncated", true)).text();
    expect(text).toContain('"content":"partial"');
    expect(text).toContain('"code":"upstream_stream_incomplete"');
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
  });

  it("delivers the first chunk while the upstream still holds the rest", async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    behaviours.set("held", (res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(chunk("first"));
      void released.then(() => res.end(`${chunk("second", "stop")}data: [DONE]\n\n`));
    });
    const res = await ask("held", true);
    const reader = res.body!.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toContain('"content":"first"');
    release();
    let rest = "";
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
    expect(rest).toContain('"content":"second"');
    expect(rest.endsWith("data: [DONE]\n\n")).toBe(true);
  });

  it("a client that disconnects mid-stream aborts the upstream request", async () => {
    let closed!: () => void;
    const upstreamClosed = new Promise<void>((r) => (closed = r));
    behaviours.set("held", (res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(chunk("first"));
      const tick = setInterval(() => res.write(chunk(".")), 100);
      res.on("close", () => {
        clearInterval(tick);
        closed();
      });
    });
    const res = await ask("held", true);
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    // The upstream would tick forever; it is closed only because the gateway aborted its fetch.
    await upstreamClosed;
  });

  it("does not buffer: a client that stops reading stops the upstream too (backpressure)", async () => {
    const piece = chunk("x".repeat(16000));
    let written = 0;
    let stop = false;
    behaviours.set("long", (res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const pump = () => {
        while (!stop && written < 512 * 1024 * 1024) {
          written += piece.length;
          if (!res.write(piece)) return void res.once("drain", pump);
        }
        res.end();
      };
      pump();
    });
    const res = await ask("long", true);
    const reader = res.body!.getReader();
    let received = 0;
    while (received < 8 * 1024 * 1024) received += (await reader.read()).value!.byteLength;
    // Stop reading; let every buffer on the way fill up.
    await new Promise((r) => setTimeout(r, 1500));
    const writtenWhilePaused = written;
    stop = true;
    await reader.cancel();
    // A buffering gateway would have pulled the whole 512 MB from the upstream by now;
    // streaming through, the upstream is held back once socket and stream buffers are full.
    expect(writtenWhilePaused).toBeLessThan(received + 48 * 1024 * 1024);
    const pids = workerdPids();
    expect(pids.length).toBeGreaterThan(0);
    expect(Math.max(...pids.map(rssBytes))).toBeLessThan(400 * 1024 * 1024);
  });
});
