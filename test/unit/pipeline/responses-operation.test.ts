import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway } from "../../../src/index.js";
import type { Logger } from "../../../src/logger.js";
import type { ResponseStore, StoredResponse } from "../../../src/responses/store.js";
import { MemoryResponseStore } from "../../../src/state/memory/response-store.js";
import { MemorySpendSink } from "../../../src/state/memory/spend-sink.js";
import { sendJson, startMockUpstream, type MockUpstream } from "../../helpers/mock-upstream.js";
import { fixtureJson, fixtureText } from "../../helpers/fixtures.js";
import { expectValidResponseStream } from "../../helpers/responses-event-grammar.js";

// The responses operation on the spine, in-process: failures mid-stream, stores that fail or are
// missing, retention, retries and client-side credentials, with the spend records they leave.
const KEY = "sk-master-test";
const NOW = 1_750_000_000_000;
let up: MockUpstream;
beforeAll(async () => {
  up = await startMockUpstream();
});
afterAll(async () => {
  await up?.close();
});

interface Setup {
  responses?: ResponseStore;
  settings?: Record<string, unknown>;
  router?: Record<string, unknown>;
}

function gateway(s: Setup = {}) {
  const spend = new MemorySpendSink();
  const logged: string[] = [];
  const log: Logger = { info: () => {}, warn: (m) => logged.push(m), error: (m) => logged.push(m) };
  const store = "responses" in s ? s.responses : new MemoryResponseStore({ now: () => NOW });
  const gw = createGateway({
    config: {
      model_list: [
        {
          model_name: "claude",
          litellm_params: { model: "anthropic/claude-sonnet-4-5", api_key: "sk-ant", api_base: up.url },
        },
        {
          model_name: "gpt",
          litellm_params: {
            model: "openai/gpt-4.1",
            api_key: "sk-openai",
            api_base: `${up.url}/v1`,
            allow_client_side_credentials: true,
          },
        },
      ],
      general_settings: { master_key: KEY, ...s.settings },
      router_settings: { num_retries: 0, ...s.router },
    },
    now: () => NOW,
    log,
    state: { spend, responses: store },
  });
  const post = (body: Record<string, unknown>) =>
    gw.fetch(
      new Request("http://gw.test/v1/responses", {
        method: "POST",
        headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    );
  const get = (path: string) =>
    gw.fetch(new Request(`http://gw.test${path}`, { headers: { authorization: `Bearer ${KEY}` } }));
  return { post, get, spend, logged, store };
}

/** The events of a Responses SSE body. */
async function eventsOf(res: Response): Promise<Array<Record<string, any>>> {
  const text = await res.text();
  return text
    .split("\n\n")
    .filter((f) => f.trim())
    .map(
      (f) =>
        JSON.parse(
          f
            .split("\n")
            .find((l) => l.startsWith("data: "))!
            .slice(6),
        ) as Record<string, any>,
    );
}

const anthropicText = () => up.handle((_req, res) => sendJson(res, 200, fixtureJson("anthropic/text.response.json")));

describe("the responses operation", () => {
  it("a translated stream that fails mid-way ends with response.failed holding the text so far; it is stored and recorded as failed", async () => {
    up.handle((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(fixtureText("anthropic/stream-error.chunks.txt"));
    });
    const g = gateway();
    const res = await g.post({ model: "claude", input: "Hi", stream: true });
    expect(res.status).toBe(200);
    const events = await eventsOf(res);
    expectValidResponseStream(events);
    const failed = events.at(-1)!;
    expect(failed).toMatchObject({
      type: "response.failed",
      response: { status: "failed", error: { code: "server_error" } },
    });
    expect(failed.response.output[0]).toMatchObject({ type: "message", status: "incomplete" });
    expect(failed.response.output[0].content[0].text).toBe("Partial");
    expect((await g.store!.get("master", failed.response.id))?.response.status).toBe("failed");
    expect(g.spend.records).toHaveLength(1);
    expect(g.spend.records[0]).toMatchObject({ operation: "responses", stream: true });
    expect(g.spend.records[0]!.status).toBeGreaterThanOrEqual(500);
  });

  it("a native stream cut before its last event ends with an error event and a failed spend record", async () => {
    const events = fixtureText("openai/responses-text.events.txt");
    const cut = events.slice(0, events.indexOf("event: response.output_text.done"));
    up.handle((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(cut);
    });
    const g = gateway();
    const res = await g.post({ model: "gpt", input: "Hi", stream: true });
    const text = await res.text();
    expect(text.startsWith(cut)).toBe(true); // everything the upstream sent, as it sent it
    const last = JSON.parse(text.slice(cut.length).split("data: ")[1]!) as Record<string, unknown>;
    expect(last).toMatchObject({ type: "error", code: "server_error", sequence_number: 13 });
    expect(g.spend.records[0]).toMatchObject({ operation: "responses", status: 502 });
  });

  it("an answer from an upstream the client chose (client-side credentials) is passed on but never stored", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("openai/responses-text.response.json")));
    const g = gateway();
    const res = await g.post({ model: "gpt", input: "Hi", api_key: "sk-client-own" });
    expect(res.status).toBe(200);
    expect(up.requests.at(-1)!.headers.authorization).toBe("Bearer sk-client-own");
    const id = ((await res.json()) as { id: string }).id;
    expect(await g.store!.get("master", id)).toBeUndefined();
  });

  it("a store that fails does not fail the answer; the failure is logged", async () => {
    anthropicText();
    const broken: ResponseStore = Object.assign(new MemoryResponseStore({ now: () => NOW }), {
      put: async () => {
        throw new Error("D1 is unavailable");
      },
    });
    const g = gateway({ responses: broken });
    const res = await g.post({ model: "claude", input: "Hi" });
    expect(res.status).toBe(200);
    expect(g.logged).toContain("storing a response failed");
  });

  it("responses_retention_days sets when a stored response expires", async () => {
    anthropicText();
    const puts: StoredResponse[] = [];
    const store: ResponseStore = Object.assign(new MemoryResponseStore({ now: () => NOW }), {
      put: async (r: StoredResponse) => void puts.push(r),
    });
    await gateway({ responses: store, settings: { responses_retention_days: 7 } }).post({
      model: "claude",
      input: "Hi",
    });
    expect(puts[0]!.expiresAt - puts[0]!.createdAt).toBe(7 * 86_400_000);
  });

  it("a retried attempt answers, and is stored, under the response id the client gets", async () => {
    let calls = 0;
    up.handle((_req, res) => {
      calls++;
      if (calls === 1) return sendJson(res, 529, fixtureJson("anthropic/error-529.json"));
      sendJson(res, 200, fixtureJson("anthropic/text.response.json"));
    });
    const g = gateway({ router: { num_retries: 1, retry_after: 0 } });
    const res = await g.post({ model: "claude", input: "Hi" });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-switchyard-attempted-retries")).toBe("1");
    const { id } = (await res.json()) as { id: string };
    expect((await g.store!.get("master", id))?.response.id).toBe(id);
  });

  it("without a response store: a translated deployment refuses previous_response_id, a native one gets it as it is", async () => {
    const g = gateway({ responses: undefined });
    const refused = await g.post({ model: "claude", input: "Hi", previous_response_id: "resp_upstream_1" });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("response_storage_unavailable");

    up.handle((_req, res) => sendJson(res, 200, fixtureJson("openai/responses-text.response.json")));
    const ok = await g.post({ model: "gpt", input: "Hi", previous_response_id: "resp_upstream_1" });
    expect(ok.status).toBe(200);
    expect((up.requests.at(-1)!.json() as { previous_response_id: string }).previous_response_id).toBe(
      "resp_upstream_1",
    );

    const get = await g.get("/v1/responses/resp_upstream_1");
    expect(get.status).toBe(400);
  });

  it("an unknown previous_response_id is a 404 before any upstream call, recorded with the request", async () => {
    const g = gateway();
    const before = up.requests.length;
    const res = await g.post({ model: "gpt", input: "Hi", previous_response_id: "resp_nobody_stored" });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { param: string } }).error.param).toBe("previous_response_id");
    expect(up.requests.length).toBe(before);
    expect(g.spend.records[0]).toMatchObject({ operation: "responses", status: 404, cost_micros: 0 });
  });

  it.each([
    ["translated", "claude", "anthropic/text.chunks.txt"],
    ["native", "gpt", "openai/responses-text.events.txt"],
  ])(
    "a client that goes away mid-stream (%s) closes the upstream request; the request is recorded as 499",
    async (_path, model, file) => {
      let closed!: () => void;
      const upstreamClosed = new Promise<void>((r) => (closed = r));
      const head = `${fixtureText(file).split("\n\n").slice(0, 4).join("\n\n")}\n\n`; // up to the first text
      up.handle((_req, res) => {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(head);
        const tick = setInterval(() => res.write(": still thinking\n\n"), 50);
        res.on("close", () => {
          clearInterval(tick);
          closed();
        });
      });
      const g = gateway();
      const res = await g.post({ model, input: "Hi", stream: true });
      const reader = res.body!.getReader();
      await reader.read();
      await reader.cancel();
      await upstreamClosed; // the upstream would tick forever: only the gateway's abort closes it
      expect(g.spend.records[0]).toMatchObject({ operation: "responses", status: 499 });
    },
  );
});
