import { describe, expect, it } from "vitest";
import { fixtureJson, fixtureText } from "../../../helpers/fixtures.js";
import { json, libraryGateway, type SeenRequest } from "../../../helpers/library-gateway.js";

const up = { api_key: "sk-up", api_base: "http://up.test/v1" };
const instruct = { model_name: "instruct", litellm_params: { model: "openai/gpt-3.5-turbo-instruct", ...up } };
const chat = { model_name: "chat", litellm_params: { model: "openai/gpt-4o", ...up } };
const claude = {
  model_name: "claude",
  litellm_params: { model: "anthropic/claude-3-5-haiku-20241022", api_key: "sk-ant", api_base: "http://ant.test" },
};
const sse = (text: string) => new Response(text, { headers: { "content-type": "text/event-stream" } });
const chatChunk = (content: string | null, finish: string | null = null, extra: Record<string, unknown> = {}) =>
  `data: ${JSON.stringify({ id: "chatcmpl-s", object: "chat.completion.chunk", created: 1, model: "gpt-4o", choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }], ...extra })}\n\n`;

/** The SSE events of a gateway stream, parsed (without [DONE]). */
async function events(res: Response): Promise<Array<Record<string, unknown>>> {
  const text = await res.text();
  expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
  return text
    .split("\n\n")
    .filter((f) => f.startsWith("data: ") && f !== "data: [DONE]")
    .map((f) => JSON.parse(f.slice(6)) as Record<string, unknown>);
}

/** A chat answer for each prompt: "<prompt> → done". */
function chatAnswer(req: SeenRequest) {
  const prompt = (req.json().messages as Array<{ content: string }>)[0]!.content;
  return json({
    id: "chatcmpl-x",
    object: "chat.completion",
    created: 7,
    model: "gpt-4o",
    choices: [{ index: 0, message: { role: "assistant", content: `${prompt} → done` }, finish_reason: "stop" }],
    usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
  });
}

describe("legacy completions, native", () => {
  it("passes the request to {base}/completions and the answer back as it is", async () => {
    const gw = libraryGateway({
      models: [instruct],
      answer: () => json(fixtureJson("openai/text-completion.response.json")),
    });
    const res = await gw.call("/v1/completions", {
      model: "instruct",
      prompt: "Say this is a test",
      max_tokens: 7,
      logprobs: 1,
      echo: false,
      suffix: "!",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(fixtureJson("openai/text-completion.response.json"));
    expect(gw.seen[0]!.url).toBe("http://up.test/v1/completions");
    expect(gw.seen[0]!.json()).toEqual({
      model: "gpt-3.5-turbo-instruct",
      prompt: "Say this is a test",
      max_tokens: 7,
      logprobs: 1,
      echo: false,
      suffix: "!",
    });
    // gpt-3.5-turbo-instruct: $1.50 in, $2 out per 1M tokens: 5 × 1.5 + 7 × 2 = 21.5 µ$, whole micro-dollars
    expect(res.headers.get("x-switchyard-response-cost")).toBe("0.000022");
  });

  it("streams text_completion chunks, with usage last when asked", async () => {
    const gw = libraryGateway({
      models: [instruct],
      answer: () => sse(fixtureText("openai/text-completion.chunks.txt")),
    });
    const res = await gw.call("/completions", {
      model: "instruct",
      prompt: "x",
      stream: true,
      stream_options: { include_usage: true },
    });
    const ev = await events(res);
    expect(ev.map((e) => (e.choices as Array<{ text: string }>).map((c) => c.text).join(""))).toEqual([
      "This",
      " is a test",
      "",
      "",
    ]);
    expect(ev.every((e) => e.object === "text_completion")).toBe(true);
    expect(ev.at(-2)).toMatchObject({ choices: [{ finish_reason: "length" }] });
    expect(ev.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 },
    });
    expect(gw.seen[0]!.json()).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });
});

describe("legacy completions, translated to chat", () => {
  it("sends each prompt as a user message and answers text_completion choices in prompt order, usage summed", async () => {
    const gw = libraryGateway({ models: [chat], answer: chatAnswer });
    const res = await gw.call("/v1/completions", {
      model: "chat",
      prompt: ["one", "two"],
      max_tokens: 5,
      temperature: 0.2,
    });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      object: "text_completion",
      model: "gpt-4o",
      choices: [
        { index: 0, text: "one → done", finish_reason: "stop", logprobs: null },
        { index: 1, text: "two → done", finish_reason: "stop", logprobs: null },
      ],
      usage: { prompt_tokens: 6, completion_tokens: 4, total_tokens: 10 },
    });
    expect(gw.seen.map((s) => s.url)).toEqual([
      "http://up.test/v1/chat/completions",
      "http://up.test/v1/chat/completions",
    ]);
    expect(gw.seen[0]!.json()).toEqual({
      model: "gpt-4o",
      messages: [{ role: "user", content: "one" }],
      max_tokens: 5,
      temperature: 0.2,
    });
  });

  it("echoes the prompt and turns chat logprobs into legacy ones", async () => {
    const gw = libraryGateway({
      models: [chat],
      answer: () => json(fixtureJson("openai/chat-logprobs.response.json")),
    });
    const echoed = (await (
      await gw.call("/v1/completions", { model: "chat", prompt: "Say: ", echo: true })
    ).json()) as {
      choices: Array<{ text: string }>;
    };
    expect(echoed.choices[0]!.text).toBe("Say: Hi there");
    const res = await gw.call("/v1/completions", { model: "chat", prompt: "Say: ", logprobs: 2 });
    expect(gw.seen.at(-1)!.json()).toMatchObject({ logprobs: true, top_logprobs: 2 });
    const body = (await res.json()) as { choices: Array<{ logprobs: unknown }> };
    expect(body.choices[0]!.logprobs).toEqual({
      tokens: ["Hi", " there"],
      token_logprobs: [-0.31, -0.02],
      top_logprobs: [{ Hi: -0.31, Hello: -1.4 }, { " there": -0.02 }],
      text_offset: [0, 2],
    });
  });

  it("streams translated chunks: several prompts one after the other, echo first, usage summed at the end", async () => {
    const gw = libraryGateway({
      models: [chat],
      answer: (req) => {
        const prompt = (req.json().messages as Array<{ content: string }>)[0]!.content;
        return sse(
          chatChunk("") +
            chatChunk(`${prompt}!`) +
            chatChunk(null, "stop") +
            `data: ${JSON.stringify({ id: "chatcmpl-s", object: "chat.completion.chunk", created: 1, model: "gpt-4o", choices: [], usage: { prompt_tokens: 2, completion_tokens: 1, total_tokens: 3 } })}\n\ndata: [DONE]\n\n`,
        );
      },
    });
    const res = await gw.call("/v1/completions", {
      model: "chat",
      prompt: ["a", "b"],
      echo: true,
      stream: true,
      stream_options: { include_usage: true },
    });
    const ev = await events(res);
    const texts = ev.flatMap((e) =>
      (e.choices as Array<{ index: number; text: string }>).map((c) => `${c.index}:${c.text}`),
    );
    expect(texts.join("|")).toBe("0:a|0:a!|0:|1:b|1:b!|1:");
    expect(ev.at(-1)).toMatchObject({
      object: "text_completion",
      choices: [],
      usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 },
    });
  });

  it("translates for a non-OpenAI chat vendor too (Anthropic)", async () => {
    const gw = libraryGateway({ models: [claude], answer: () => json(fixtureJson("anthropic/text.response.json")) });
    const res = await gw.call("/v1/completions", { model: "claude", prompt: "Hello", max_tokens: 20 });
    expect(await res.json()).toMatchObject({
      object: "text_completion",
      choices: [{ index: 0, text: "Hello! How can I help you today?", finish_reason: "stop" }],
      usage: { prompt_tokens: 12, completion_tokens: 12 },
    });
    expect(gw.seen[0]!.url).toBe("http://ant.test/v1/messages");
    expect(gw.seen[0]!.json()).toMatchObject({
      messages: [{ role: "user", content: [{ type: "text", text: "Hello" }] }],
      max_tokens: 20,
    });
  });

  it("refuses what a chat model cannot do with a 400 naming it, or drops it under drop_params", async () => {
    const gw = libraryGateway({ models: [chat], answer: chatAnswer });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ suffix: "end" }, "suffix"],
      [{ best_of: 3 }, "best_of"],
      [{ echo: true, logprobs: 1 }, "logprobs"],
      [{ prompt: [1, 2, 3] }, "prompt"],
    ];
    for (const [extra, param] of cases) {
      const res = await gw.call("/v1/completions", { model: "chat", prompt: "x", ...extra });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { param: string } }).error.param).toBe(param);
    }
    expect(gw.seen).toHaveLength(0);
    const dropping = libraryGateway({
      models: [chat],
      answer: chatAnswer,
      settings: { litellm_settings: { drop_params: true } },
    });
    const res = await dropping.call("/v1/completions", { model: "chat", prompt: "x", suffix: "end", best_of: 2 });
    expect(res.status).toBe(200);
    expect(dropping.seen[0]!.json()).not.toHaveProperty("suffix");
  });

  it("refuses bad input naming the field", async () => {
    const gw = libraryGateway({ models: [chat], answer: chatAnswer });
    const res = await gw.call("/v1/completions", { model: "chat", prompt: 42 });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { param: string } }).error.param).toBe("prompt");
  });
});
