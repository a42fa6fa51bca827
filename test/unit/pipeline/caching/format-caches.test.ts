import { describe, expect, it } from "vitest";
import { cacheLibraryGateway, completionJson, completionSse } from "../../../helpers/cache-library.js";

// The response cache on text completions, Messages and Responses in the request spine, library mode (memory
// store) on an injected clock: the controls, expiry, coalescing, and answers that must never be stored.
// Text completions and Messages reach the fake OpenAI upstream through chat; Responses natively.

const legacy = (text: string, finish = "stop") => completionJson(text, finish);

/** OpenAI's Responses answer with `text` as its output. */
const responseJson = (text: string) =>
  Response.json({
    id: "resp_up",
    object: "response",
    created_at: 1_900_000_000,
    status: "completed",
    error: null,
    incomplete_details: null,
    instructions: null,
    model: "gpt-4o",
    output: [
      {
        type: "message",
        id: "msg_1",
        role: "assistant",
        status: "completed",
        content: [{ type: "output_text", text, annotations: [] }],
      },
    ],
    parallel_tool_calls: true,
    store: false,
    temperature: 1,
    tool_choice: "auto",
    tools: [],
    top_p: 1,
    metadata: {},
    usage: {
      input_tokens: 10,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 2,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 12,
    },
  });

const completion = (prompt: string, extra: Record<string, unknown> = {}) => ({ model: "gpt-4o", prompt, ...extra });
const message = (content: string, extra: Record<string, unknown> = {}) => ({
  model: "gpt-4o",
  max_tokens: 100,
  messages: [{ role: "user", content }],
  ...extra,
});
const response = (input: string, extra: Record<string, unknown> = {}) => ({
  model: "gpt-4o",
  input,
  store: false,
  ...extra,
});
const cacheOf = (r: Response) => r.headers.get("x-switchyard-cache");

describe("text completions", () => {
  it("expires an entry after its ttl on the gateway's clock", async () => {
    const gw = cacheLibraryGateway({ cacheParams: { ttl: 60 } });
    gw.reply((_c, n) => legacy(`answer ${n}`));
    await gw.post("/v1/completions", completion("Q"));
    await gw.settle();
    gw.clock.advance(59_000);
    expect(cacheOf(await gw.post("/v1/completions", completion("Q")))).toBe("HIT");
    gw.clock.advance(1_000);
    const late = await gw.post("/v1/completions", completion("Q"));
    expect(cacheOf(late)).toBe("MISS");
    expect(((await late.json()) as { choices: Array<{ text: string }> }).choices[0]!.text).toBe("answer 2");
  });

  it("no-store leaves nothing stored; no-cache skips the lookup and stores the fresh answer", async () => {
    const gw = cacheLibraryGateway({});
    gw.reply((_c, n) => legacy(`answer ${n}`));
    await gw.post("/v1/completions", completion("Q", { cache: { "no-store": true } }));
    await gw.settle();
    expect(cacheOf(await gw.post("/v1/completions", completion("Q")))).toBe("MISS");
    await gw.settle();
    const bypass = await gw.post("/v1/completions", completion("Q"), { "cache-control": "no-cache" });
    expect(cacheOf(bypass)).toBe("BYPASS");
    await gw.settle();
    const hit = await gw.post("/v1/completions", completion("Q"));
    expect(((await hit.json()) as { choices: Array<{ text: string }> }).choices[0]!.text).toBe("answer 3");
    expect(gw.calls).toHaveLength(3);
  });

  it("an answer cut at max tokens is not stored", async () => {
    const gw = cacheLibraryGateway({});
    gw.reply(() => legacy("cut", "length"));
    await gw.post("/v1/completions", completion("Q"));
    await gw.settle();
    expect(cacheOf(await gw.post("/v1/completions", completion("Q")))).toBe("MISS");
    expect(gw.calls).toHaveLength(2);
  });
});

describe("Messages", () => {
  it("identical requests in flight together share one upstream call", async () => {
    const gw = cacheLibraryGateway({});
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    gw.reply(async () => {
      await gate;
      return completionJson("shared");
    });
    const all = Promise.all([1, 2, 3].map(() => gw.post("/v1/messages", message("same"))));
    await gw.lookups(3);
    release();
    const answers = await all;
    expect(gw.calls).toHaveLength(1);
    expect(answers.map(cacheOf)).toEqual(["MISS", "HIT", "HIT"]);
    for (const a of answers) expect(await a.json()).toMatchObject({ type: "message", content: [{ text: "shared" }] });
  });

  it("a 429 or a stream cut before its end is never stored", async () => {
    const gw = cacheLibraryGateway({});
    gw.reply(() => Response.json({ error: { message: "slow down", type: "rate_limit" } }, { status: 429 }));
    expect((await gw.post("/v1/messages", message("Q", { num_retries: 0 }))).status).toBe(429);
    await gw.settle();
    gw.reply(() => completionSse(["cut", "short"], { finish: null, usage: false, done: false }));
    await (await gw.post("/v1/messages", message("Q", { stream: true }))).text();
    await gw.settle();
    gw.reply(() => completionJson("whole"));
    const after = await gw.post("/v1/messages", message("Q"));
    expect(cacheOf(after)).toBe("MISS");
    expect(await after.json()).toMatchObject({ content: [{ text: "whole" }] });
  });
});

describe("Responses", () => {
  it("a stateless request hits with a fresh id; a request that sets no store is not cached at all", async () => {
    const gw = cacheLibraryGateway({});
    gw.reply((_c, n) => responseJson(`answer ${n}`));
    const first = await gw.post("/v1/responses", response("Q"));
    await gw.settle();
    const again = await gw.post("/v1/responses", response("Q"));
    expect([cacheOf(first), cacheOf(again)]).toEqual(["MISS", "HIT"]);
    const [a, b] = (await Promise.all([first.json(), again.json()])) as Array<{ id: string; output: unknown }>;
    expect(b!.output).toEqual(a!.output);
    expect(b!.id).not.toBe(a!.id);
    const stored = await gw.post("/v1/responses", { model: "gpt-4o", input: "Q" });
    expect(cacheOf(stored)).toBeNull();
    expect(gw.calls).toHaveLength(2);
  });

  it("an answer that is not a completed Response is passed on and not stored", async () => {
    const gw = cacheLibraryGateway({});
    gw.reply(() => completionJson("not a Response"));
    await gw.post("/v1/responses", response("Q"));
    await gw.settle();
    expect(cacheOf(await gw.post("/v1/responses", response("Q")))).toBe("MISS");
    expect(gw.calls).toHaveLength(2);
  });
});
