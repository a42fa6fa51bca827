import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureJson, fixtureText } from "../helpers/fixtures.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { adminBody, chatBody } from "../helpers/hostile-arbitraries.js";
import { sendJson, startMockUpstream, type MockUpstream, type RecordedRequest } from "../helpers/mock-upstream.js";
import { providerConfig } from "../helpers/provider-calls.js";
import type http from "node:http";

// Property: whatever body a client sends to the chat route (on OpenAI-compatible, Anthropic, Gemini and
// Ollama deployments) or to the management routes, the gateway answers it without a 5xx: bad input is
// the client's 4xx. Fixed seed and bounded runs, so the test is the same every time.
// (Client credentials given as objects, api_base and its kin, are left out: request preparation is being
// reworked separately.)
const SEED = 20_260_501;
const MODELS = ["gpt", "claude", "gemini", "llama"] as const;
let up: MockUpstream;
let gw: TestGateway;

/** Each vendor's normal answer, streamed when asked, whatever the request held. */
function answer(req: RecordedRequest, res: http.ServerResponse): void {
  let stream = req.path.includes("streamGenerateContent");
  try {
    stream ||= (req.json() as { stream?: unknown }).stream === true;
  } catch {
    /* not JSON: answer as for a plain request */
  }
  const vendor = req.path.startsWith("/v1/messages")
    ? "anthropic"
    : req.path.startsWith("/api/chat")
      ? "ollama"
      : req.path.includes("/models/")
        ? "gemini"
        : "openai";
  if (!stream) {
    const file = vendor === "openai" ? "openai/chat-completion.json" : `${vendor}/text.response.json`;
    sendJson(res, 200, fixtureJson(file));
    return;
  }
  const file = vendor === "openai" ? "openai/stream.chunks.txt" : `${vendor}/text.chunks.txt`;
  res.writeHead(200, { "content-type": vendor === "ollama" ? "application/x-ndjson" : "text/event-stream" });
  res.end(fixtureText(file));
}

beforeAll(async () => {
  up = await startMockUpstream(answer);
  gw = await startGateway({
    config: providerConfig(`
  - model_name: gpt
    litellm_params: { model: openai/gpt-4o, api_key: k, api_base: ${up.url}/v1 }
  - model_name: claude
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_key: k, api_base: ${up.url} }
  - model_name: gemini
    litellm_params: { model: gemini/gemini-2.0-flash, api_key: k, api_base: ${up.url} }
  - model_name: llama
    litellm_params: { model: ollama/llama3.2, api_base: ${up.url} }`),
  });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

/** The answer's status, with its body when it is a 5xx (the property's counterexample says why). */
async function statusOf(res: Response): Promise<{ status: number; body?: string }> {
  const text = await res.text();
  return res.status >= 500 ? { status: res.status, body: text.slice(0, 500) } : { status: res.status };
}

const ADMIN_ROUTES = [
  "/key/generate",
  "/key/update",
  "/key/block",
  "/key/regenerate",
  "/team/new",
  "/team/update",
  "/team/block",
  "/user/new",
  "/user/update",
  "/customer/new",
  "/customer/update",
] as const;

describe("hostile bodies never get a 5xx", () => {
  it("on the chat route, for every kind of deployment", async () => {
    await fc.assert(
      fc.asyncProperty(chatBody(MODELS), async (body) => {
        const r = await statusOf(await gw.call("/v1/chat/completions", { body: JSON.stringify(body) }));
        expect(r).toEqual({ status: r.status });
      }),
      { seed: SEED, numRuns: 250 },
    );
  }, 240_000);

  it("on the management routes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ADMIN_ROUTES), adminBody, async (route, body) => {
        const r = await statusOf(await gw.call(route, { body: JSON.stringify(body) }));
        expect(r).toEqual({ status: r.status });
      }),
      { seed: SEED, numRuns: 120 },
    );
  }, 240_000);
});
