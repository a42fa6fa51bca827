import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MASTER_KEY, configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { fixtureJson, fixtureText } from "../helpers/fixtures.js";
import { sendRaw } from "../helpers/provider-calls.js";
import { validateAnthropicStream } from "../helpers/anthropic-stream-grammar.js";

// A recorded Claude Code request (system blocks with cache_control, 16 tools with JSON schemas,
// metadata.user_id, thinking, stream, its anthropic-beta headers) replayed as Claude Code sends it
// (ANTHROPIC_BASE_URL + ANTHROPIC_AUTH_TOKEN → Authorization: Bearer) against a Claude-backed and an
// OpenAI-backed group. The tool arguments the client joins are byte-equal to what the upstream produced.
const REQUEST = fixtureText("anthropic-messages/claude-code.request.json");
const HEADERS = fixtureJson<Record<string, string>>("anthropic-messages/claude-code.headers.json");
const CLAUDE = "claude-sonnet-4-5-20250929";

/** Tool arguments as a model writes them: spacing, escapes and key order a re-serialisation would change. */
const ARGS = [
  '{"pattern": "retry_budget",  "path":"src", "output_mode" : "files_with_matches"}',
  '{"command":"grep -rn \\"retryBudget\\" src/ --include=*.ts","description":"Find retry budget \\u00e9 uses"}',
];
const cut = (s: string) => [s.slice(0, 7), s.slice(7, 19), s.slice(19)];

let anth: MockUpstream;
let oai: MockUpstream;
let gw: TestGateway;

beforeAll(async () => {
  anth = await startMockUpstream();
  oai = await startMockUpstream();
  gw = await startGateway({
    config: configWith(`
  - model_name: claude-sonnet-4-5-20250929
    litellm_params: { model: anthropic/${CLAUDE}, api_key: sk-ant-up-5555, api_base: ${anth.url} }
  - model_name: gpt-5
    litellm_params: { model: openai/gpt-5, api_key: sk-openai-up-6666, api_base: ${oai.url}/v1 }`),
  });
});
afterAll(async () => {
  await gw?.stop();
  await anth?.close();
  await oai?.close();
});

/** Claude Code's request as it sends it, to the given group. */
function replay(model: string): Promise<Response> {
  const body = REQUEST.replace(`"model": "${CLAUDE}"`, `"model": "${model}"`);
  expect(body).toContain(`"model": "${model}"`);
  return fetch(`${gw.url}/v1/messages?beta=true`, {
    method: "POST",
    headers: { ...HEADERS, authorization: `Bearer ${MASTER_KEY}` },
    body,
  });
}

/** Each tool_use block's input_json_delta fragments joined, in block order. */
const joinedArguments = (s: ReturnType<typeof validateAnthropicStream>) =>
  Object.keys(s.toolArguments)
    .map(Number)
    .sort((a, b) => a - b)
    .map((i) => s.toolArguments[i]);

describe("a Claude Code session through the gateway", () => {
  it("Claude-backed: the body goes upstream as sent (model kept, betas passed), the stream comes back event for event", async () => {
    const events = [
      `{"type":"message_start","message":{"id":"msg_01CC","type":"message","role":"assistant","model":"${CLAUDE}","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"cache_creation_input_tokens":9000,"cache_read_input_tokens":0,"output_tokens":2}}}`,
      `{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}`,
      `{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Search first."}}`,
      `{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIMcc"}}`,
      `{"type":"content_block_stop","index":0}`,
      ...ARGS.flatMap((args, n) => [
        `{"type":"content_block_start","index":${n + 1},"content_block":{"type":"tool_use","id":"toolu_0${n}","name":"${n ? "Bash" : "Grep"}","input":{}}}`,
        ...cut(args).map(
          (p) =>
            `{"type":"content_block_delta","index":${n + 1},"delta":{"type":"input_json_delta","partial_json":${JSON.stringify(p)}}}`,
        ),
        `{"type":"content_block_stop","index":${n + 1}}`,
      ]),
      `{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":90}}`,
      `{"type":"message_stop"}`,
    ];
    const upstream = events.map((e) => `event: ${JSON.parse(e).type}\ndata: ${e}\n\n`).join("");
    anth.handle((_r, res) => sendRaw(res, { contentType: "text/event-stream", body: upstream, pieceSize: 50 }));
    const res = await replay(CLAUDE);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toBe(upstream);
    const s = validateAnthropicStream(text);
    expect(joinedArguments(s)).toEqual(ARGS);

    const sent = anth.requests.at(-1)!;
    expect(sent.body).toBe(REQUEST);
    expect(sent.headers["anthropic-beta"]).toBe(HEADERS["anthropic-beta"]);
    expect(sent.headers["anthropic-version"]).toBe("2023-06-01");
    expect(sent.headers["x-api-key"]).toBe("sk-ant-up-5555");
    expect(sent.headers.authorization).toBeUndefined();
  });

  it("OpenAI-backed: translated both ways; the tool arguments reach the client byte for byte", async () => {
    const head = { id: "chatcmpl-CC", object: "chat.completion.chunk", created: 1, model: "gpt-5" };
    const chunk = (delta: object, finish: string | null = null) =>
      `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const upstream = [
      chunk({ role: "assistant", content: "" }),
      chunk({ content: "Searching." }),
      ...ARGS.flatMap((args, index) => [
        chunk({
          tool_calls: [
            {
              index,
              id: `call_${index}`,
              type: "function",
              function: { name: index ? "Bash" : "Grep", arguments: "" },
            },
          ],
        }),
        ...cut(args).map((p) => chunk({ tool_calls: [{ index, function: { arguments: p } }] })),
      ]),
      chunk({}, "tool_calls"),
      `data: ${JSON.stringify({ ...head, choices: [], usage: { prompt_tokens: 9012, completion_tokens: 90, total_tokens: 9102, prompt_tokens_details: { cached_tokens: 8000 } } })}\n\n`,
      "data: [DONE]\n\n",
    ].join("");
    oai.handle((_r, res) => sendRaw(res, { contentType: "text/event-stream", body: upstream, pieceSize: 50 }));
    const res = await replay("gpt-5");
    expect(res.status).toBe(200);
    const s = validateAnthropicStream(await res.text());
    expect(joinedArguments(s)).toEqual(ARGS);
    expect(s.message.content.map((b) => b.type)).toEqual(["text", "tool_use", "tool_use"]);
    expect(s.message).toMatchObject({
      stop_reason: "tool_use",
      usage: { input_tokens: 1012, cache_read_input_tokens: 8000, output_tokens: 90 },
    });

    const sent = oai.requests.at(-1)!.json() as Record<string, any>;
    const original = JSON.parse(REQUEST);
    expect(sent).toMatchObject({ model: "gpt-5", stream: true, stream_options: { include_usage: true } });
    expect(sent.reasoning_effort).toBe("high");
    expect(sent.tools.map((t: { function: { name: string } }) => t.function.name)).toEqual(
      original.tools.map((t: { name: string }) => t.name),
    );
    expect(sent.tools[1].function.parameters).toEqual(original.tools[1].input_schema);
    expect(JSON.stringify(sent)).not.toMatch(/cache_control|"thinking"|metadata/);
    expect(sent.messages[0].role).toBe("system");
  });
});
