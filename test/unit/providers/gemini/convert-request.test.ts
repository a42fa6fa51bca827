import { describe, expect, it } from "vitest";
import { BadRequestError } from "../../../../src/errors/gateway-error.js";
import { geminiAdapter, geminiProvider } from "../../../../src/providers/gemini/index.js";
import { HELLO, bodyOf, fixtureJson, makeCtx } from "./context.js";

async function build(request: Record<string, unknown>, opts: Omit<Parameters<typeof makeCtx>[0], "request"> = {}) {
  const req = await geminiAdapter.buildRequest(makeCtx({ request, ...opts }));
  return { req, body: bodyOf(req) };
}

describe("gemini request: endpoint and auth", () => {
  it("posts generateContent on Google AI Studio with the key in x-goog-api-key", async () => {
    const { req } = await build({ messages: HELLO });
    expect(req.url).toBe("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent");
    expect(req.headers).toEqual({ "content-type": "application/json", "x-goog-api-key": "AIzaSy-test-key" });
    expect(req.url).not.toContain("key=");
  });

  it("streams with streamGenerateContent?alt=sse", async () => {
    const { req } = await build({ messages: HELLO, stream: true }, { stream: true });
    expect(req.url).toBe(
      "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse",
    );
  });

  it("honours api_base (a loopback mock), with or without a version segment", async () => {
    expect((await build({ messages: HELLO }, { params: { api_base: "http://127.0.0.1:8787/" } })).req.url).toBe(
      "http://127.0.0.1:8787/v1beta/models/gemini-2.0-flash:generateContent",
    );
    expect((await build({ messages: HELLO }, { params: { api_base: "http://127.0.0.1:8787/v1" } })).req.url).toBe(
      "http://127.0.0.1:8787/v1/models/gemini-2.0-flash:generateContent",
    );
  });

  it("refuses to build a request without a key", async () => {
    await expect(
      geminiAdapter.buildRequest(makeCtx({ request: { messages: HELLO }, params: { api_key: undefined } })),
    ).rejects.toMatchObject({ status: 400, code: "missing_api_key" });
  });

  it("declares GEMINI_API_KEY as the default key and the params it cannot express", () => {
    expect(geminiProvider.defaultEnv).toEqual({ api_key: "GEMINI_API_KEY" });
    expect(geminiAdapter.unsupportedParams(makeCtx({ request: { messages: HELLO } }).deployment)).toEqual([
      "logit_bias",
      "logprobs",
      "top_logprobs",
    ]);
  });
});

describe("gemini request: messages", () => {
  it("maps a simple chat: user turn, no systemInstruction, no generationConfig", async () => {
    const { body } = await build({ messages: HELLO });
    expect(body).toEqual({ contents: [{ role: "user", parts: [{ text: "Hello" }] }] });
  });

  it("maps a whole tool conversation: system+developer hoisted, assistant → model, results named after their calls", async () => {
    const { body } = await build(fixtureJson("tool-conversation.openai.json"));
    expect(body).toEqual(fixtureJson("tool-conversation.gemini.json"));
  });

  it("merges consecutive turns of one role and drops empty ones", async () => {
    const { body } = await build({
      messages: [
        { role: "user", content: "a" },
        {
          role: "user",
          content: [
            { type: "text", text: "b" },
            { type: "text", text: "" },
          ],
        },
        { role: "assistant", content: "" },
        { role: "assistant", content: "c" },
      ],
    });
    expect(body.contents).toEqual([
      { role: "user", parts: [{ text: "a" }, { text: "b" }] },
      { role: "model", parts: [{ text: "c" }] },
    ]);
  });

  it("sends a system-only conversation as a user turn (Gemini needs contents)", async () => {
    const { body } = await build({ messages: [{ role: "system", content: "Say hi" }] });
    expect(body).toEqual({ contents: [{ role: "user", parts: [{ text: "Say hi" }] }] });
  });

  it("maps legacy function messages to functionResponse parts", async () => {
    const { body } = await build({ messages: [...HELLO, { role: "function", name: "lookup", content: "42" }] });
    expect(body.contents).toEqual([
      {
        role: "user",
        parts: [{ text: "Hello" }, { functionResponse: { name: "lookup", response: { content: "42" } } }],
      },
    ]);
  });

  it("on Gemini 3, gives replayed calls without a signature Google's skip sentinel (first call of the turn only)", async () => {
    const messages = [
      ...HELLO,
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "toolu_from_claude", type: "function", function: { name: "f", arguments: "{}" } },
          { id: "toolu_2", type: "function", function: { name: "g", arguments: "{}" } },
        ],
      },
      { role: "tool", tool_call_id: "toolu_from_claude", content: "1" },
      { role: "tool", tool_call_id: "toolu_2", content: "2" },
    ];
    const g3 = (await build({ messages }, { model: "gemini-3-flash-preview" })).body as {
      contents: Array<{ parts: unknown[] }>;
    };
    expect(g3.contents[1]!.parts).toEqual([
      { functionCall: { name: "f", args: {} }, thoughtSignature: "skip_thought_signature_validator" },
      { functionCall: { name: "g", args: {} } },
    ]);
    const g25 = (await build({ messages }, { model: "gemini-2.5-flash" })).body as {
      contents: Array<{ parts: unknown[] }>;
    };
    expect(g25.contents[1]!.parts).toEqual([
      { functionCall: { name: "f", args: {} } },
      { functionCall: { name: "g", args: {} } },
    ]);
  });

  it("rejects a tool result that answers no tool call, and invalid tool-call arguments", async () => {
    await expect(
      build({ messages: [...HELLO, { role: "tool", tool_call_id: "nope", content: "x" }] }),
    ).rejects.toBeInstanceOf(BadRequestError);
    await expect(
      build({
        messages: [
          ...HELLO,
          {
            role: "assistant",
            tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "{bad" } }],
          },
        ],
      }),
    ).rejects.toMatchObject({ status: 400, code: "invalid_tool_arguments" });
  });
});

describe("gemini request: media", () => {
  const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

  it("sends data: URLs as inlineData", async () => {
    const { body } = await build({
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: `data:image/png;base64,${PNG}` } },
          ],
        },
      ],
    });
    expect(body.contents).toEqual([
      { role: "user", parts: [{ text: "What is this?" }, { inlineData: { mimeType: "image/png", data: PNG } }] },
    ]);
  });

  it("downloads https images through the gateway and inlines them", async () => {
    const seen: string[] = [];
    const fetch: typeof globalThis.fetch = async (input) => {
      seen.push(String(input));
      return new Response(
        Uint8Array.from(atob(PNG), (c) => c.charCodeAt(0)),
        { headers: { "content-type": "image/png" } },
      );
    };
    const { body } = await build(
      { messages: [{ role: "user", content: [{ type: "image_url", image_url: "https://example.com/cat.png" }] }] },
      { fetch },
    );
    expect(seen).toEqual(["https://example.com/cat.png"]);
    expect(body.contents).toEqual([{ role: "user", parts: [{ inlineData: { mimeType: "image/png", data: PNG } }] }]);
  });

  it("passes gs:// and Files API URIs by reference, and maps audio and files", async () => {
    const { body } = await build({
      messages: [
        {
          role: "user",
          content: [
            { type: "image_url", image_url: { url: "gs://bucket/photos/cat.jpeg" } },
            {
              type: "file",
              file: {
                file_id: "https://generativelanguage.googleapis.com/v1beta/files/abc123",
                format: "application/pdf",
              },
            },
            { type: "file", file: { file_data: "data:application/pdf;base64,JVBERi0=" } },
            { type: "input_audio", input_audio: { data: "UklGRg==", format: "wav" } },
          ],
        },
      ],
    });
    expect(body.contents).toEqual([
      {
        role: "user",
        parts: [
          { fileData: { mimeType: "image/jpeg", fileUri: "gs://bucket/photos/cat.jpeg" } },
          {
            fileData: {
              mimeType: "application/pdf",
              fileUri: "https://generativelanguage.googleapis.com/v1beta/files/abc123",
            },
          },
          { inlineData: { mimeType: "application/pdf", data: "JVBERi0=" } },
          { inlineData: { mimeType: "audio/wav", data: "UklGRg==" } },
        ],
      },
    ]);
  });

  it("refuses plain-http image URLs without fetching them", async () => {
    let fetched = false;
    const fetch: typeof globalThis.fetch = async () => {
      fetched = true;
      return new Response("x");
    };
    await expect(
      build(
        { messages: [{ role: "user", content: [{ type: "image_url", image_url: "http://example.com/a.png" }] }] },
        { fetch },
      ),
    ).rejects.toMatchObject({ status: 400, code: "invalid_image_url" });
    expect(fetched).toBe(false);
  });
});

describe("gemini request: tools", () => {
  const tools = [
    {
      type: "function",
      function: {
        name: "get_weather",
        parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      },
    },
    {
      type: "function",
      function: { name: "now", description: "Current time", parameters: { type: "object", properties: {} } },
    },
  ];

  it("declares functions, omitting parameters for argument-less ones", async () => {
    const { body } = await build({ messages: HELLO, tools });
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: "get_weather",
            parameters: { type: "OBJECT", properties: { city: { type: "STRING" } }, required: ["city"] },
          },
          { name: "now", description: "Current time" },
        ],
      },
    ]);
    expect(body.toolConfig).toBeUndefined();
  });

  it.each([
    ["auto", { mode: "AUTO" }],
    ["none", { mode: "NONE" }],
    ["required", { mode: "ANY" }],
    [
      { type: "function", function: { name: "now" } },
      { mode: "ANY", allowedFunctionNames: ["now"] },
    ],
  ])("maps tool_choice %j", async (choice, config) => {
    const { body } = await build({ messages: HELLO, tools, tool_choice: choice });
    expect(body.toolConfig).toEqual({ functionCallingConfig: config });
  });

  it("ignores tool_choice when no tools are offered", async () => {
    const { body } = await build({ messages: HELLO, tool_choice: "none" });
    expect(body.toolConfig).toBeUndefined();
    expect(body.tools).toBeUndefined();
  });
});

describe("gemini request: generation config", () => {
  it("maps sampling params, stop, n, seed, penalties and max tokens", async () => {
    const { body } = await build({
      messages: HELLO,
      temperature: 0.3,
      top_p: 0.9,
      max_tokens: 100,
      stop: "END",
      n: 2,
      seed: 7,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
    });
    expect(body.generationConfig).toEqual({
      temperature: 0.3,
      topP: 0.9,
      maxOutputTokens: 100,
      stopSequences: ["END"],
      candidateCount: 2,
      seed: 7,
      presencePenalty: 0.5,
      frequencyPenalty: -0.5,
    });
  });

  it("prefers max_completion_tokens, then max_tokens, then the deployment's max_tokens", async () => {
    expect((await build({ messages: HELLO, max_tokens: 10, max_completion_tokens: 20 })).body.generationConfig).toEqual(
      { maxOutputTokens: 20 },
    );
    expect((await build({ messages: HELLO }, { params: { max_tokens: 30 } })).body.generationConfig).toEqual({
      maxOutputTokens: 30,
    });
  });

  it("json_object → responseMimeType; json_schema → responseSchema cleaned for Gemini", async () => {
    expect((await build({ messages: HELLO, response_format: { type: "json_object" } })).body.generationConfig).toEqual({
      responseMimeType: "application/json",
    });
    const { body } = await build({
      messages: HELLO,
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "person",
          strict: true,
          schema: {
            $schema: "https://json-schema.org/draft/2020-12/schema",
            type: "object",
            additionalProperties: false,
            properties: {
              name: { type: "string" },
              born: { type: "integer" },
              tags: { type: "array", items: { $ref: "#/$defs/tag" } },
            },
            required: ["name", "born"],
            $defs: { tag: { type: "string", enum: ["a", "b"] } },
          },
        },
      },
    });
    expect(body.generationConfig).toEqual({
      responseMimeType: "application/json",
      responseSchema: {
        type: "OBJECT",
        properties: {
          name: { type: "STRING" },
          born: { type: "INTEGER" },
          tags: { type: "ARRAY", items: { type: "STRING", enum: ["a", "b"] } },
        },
        required: ["name", "born"],
      },
    });
  });

  it.each([
    ["low", "gemini-2.5-flash", { includeThoughts: true, thinkingBudget: 1024 }],
    ["medium", "gemini-2.5-pro", { includeThoughts: true, thinkingBudget: 8192 }],
    ["high", "gemini-2.5-flash", { includeThoughts: true, thinkingBudget: 24576 }],
    ["none", "gemini-2.5-flash", { thinkingBudget: 0 }],
    ["low", "gemini-3-pro-preview", { includeThoughts: true, thinkingLevel: "low" }],
    ["high", "gemini-3-pro-preview", { includeThoughts: true, thinkingLevel: "high" }],
  ])("reasoning_effort %s on %s → thinkingConfig", async (effort, model, config) => {
    const { body } = await build({ messages: HELLO, reasoning_effort: effort }, { model });
    expect(body.generationConfig).toEqual({ thinkingConfig: config });
  });

  it("an explicit thinking budget wins", async () => {
    const { body } = await build(
      { messages: HELLO, reasoning_effort: "low", thinking: { type: "enabled", budget_tokens: 5000 } },
      { model: "gemini-2.5-flash" },
    );
    expect(body.generationConfig).toEqual({ thinkingConfig: { includeThoughts: true, thinkingBudget: 5000 } });
  });
});
