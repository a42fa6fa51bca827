import { describe, expect, it } from "vitest";
import { parseCountTokensRequest, parseMessagesRequest } from "../../../src/anthropic/parse.js";
import { Message } from "../../../src/anthropic/response.js";
import { StreamEvent } from "../../../src/anthropic/stream-events.js";
import { anthropicModelList, AnthropicModelList } from "../../../src/anthropic/models.js";
import { GatewayError } from "../../../src/errors/gateway-error.js";
import { fixtureText } from "../../helpers/fixtures.js";
import { parseSseText } from "../../helpers/anthropic-stream-grammar.js";

const fixture = (name: string) => fixtureText(`anthropic-messages/${name}`);

function rejection(text: string): GatewayError {
  try {
    parseMessagesRequest(text);
  } catch (e) {
    if (e instanceof GatewayError) return e;
    throw e;
  }
  throw new Error("accepted");
}

const base = { model: "claude", max_tokens: 16 };

describe("Messages request schema", () => {
  it.each(["tool-loop.request.json", "media.request.json", "server-tools.request.json", "claude-code.request.json"])(
    "accepts the recorded request %s with every field kept",
    (name) => {
      const text = fixture(name);
      expect(parseMessagesRequest(text)).toEqual(JSON.parse(text));
    },
  );

  it("passes unknown top-level fields and unknown block types through", () => {
    const req = parseMessagesRequest(
      JSON.stringify({
        ...base,
        context_management: { edits: [] },
        messages: [{ role: "user", content: [{ type: "future_block", payload: { a: 1 } }] }],
      }),
    );
    expect(req.context_management).toEqual({ edits: [] });
    expect(req.messages[0]!.content).toEqual([{ type: "future_block", payload: { a: 1 } }]);
  });

  it("names the field of a malformed known block", () => {
    const e = rejection(
      JSON.stringify({ ...base, messages: [{ role: "user", content: [{ type: "tool_result", content: "x" }] }] }),
    );
    expect(e.status).toBe(400);
    expect(e.param).toBe("messages[0].content[0].tool_use_id");
  });

  it("names a thinking block without its signature", () => {
    const e = rejection(
      JSON.stringify({ ...base, messages: [{ role: "assistant", content: [{ type: "thinking", thinking: "t" }] }] }),
    );
    expect(e.message).toContain("messages[0].content[0].signature");
  });

  it("requires max_tokens and says so", () => {
    const e = rejection(JSON.stringify({ model: "claude", messages: [{ role: "user", content: "hi" }] }));
    expect(e.message).toBe("max_tokens: field required");
  });

  it("rejects a temperature above Anthropic's 1", () => {
    const e = rejection(JSON.stringify({ ...base, temperature: 1.5, messages: [{ role: "user", content: "hi" }] }));
    expect(e.param).toBe("temperature");
  });

  it("rejects an unknown tool_choice type and a non-JSON body", () => {
    expect(
      rejection(
        JSON.stringify({ ...base, tool_choice: { type: "sometimes" }, messages: [{ role: "user", content: "x" }] }),
      ).param,
    ).toBe("tool_choice.type");
    expect(rejection("{not json").code).toBe("invalid_json");
  });

  it("accepts every thinking config type and refuses a budget below 1", () => {
    for (const thinking of [{ type: "enabled", budget_tokens: 1024 }, { type: "disabled" }, { type: "adaptive" }]) {
      expect(
        parseMessagesRequest(JSON.stringify({ ...base, thinking, messages: [{ role: "user", content: "x" }] }))
          .thinking,
      ).toEqual(thinking);
    }
    const e = rejection(
      JSON.stringify({
        ...base,
        thinking: { type: "enabled", budget_tokens: 0 },
        messages: [{ role: "user", content: "x" }],
      }),
    );
    expect(e.param).toBe("thinking.budget_tokens");
  });

  it("parses a count_tokens request (no max_tokens) and refuses one without messages", () => {
    const r = parseCountTokensRequest(JSON.stringify({ model: "claude", messages: [{ role: "user", content: "hi" }] }));
    expect(r.messages).toHaveLength(1);
    expect(() => parseCountTokensRequest(JSON.stringify({ model: "claude" }))).toThrow(/messages/);
  });
});

describe("answer shapes", () => {
  it("reads a recorded Message and every event of a recorded stream", () => {
    expect(Message.parse(JSON.parse(fixture("native.response.json"))).usage.cache_read_input_tokens).toBe(2048);
    const types = parseSseText(fixture("native.stream.txt")).map((e) => StreamEvent.parse(JSON.parse(e.data)).type);
    expect(types[0]).toBe("message_start");
    expect(types.at(-1)).toBe("message_stop");
  });

  it("lists model groups in Anthropic's page shape", () => {
    const list = anthropicModelList(["claude", "gpt"], Date.UTC(2025, 0, 2));
    expect(AnthropicModelList.parse(list)).toEqual({
      data: [
        { type: "model", id: "claude", display_name: "claude", created_at: "2025-01-02T00:00:00.000Z" },
        { type: "model", id: "gpt", display_name: "gpt", created_at: "2025-01-02T00:00:00.000Z" },
      ],
      has_more: false,
      first_id: "claude",
      last_id: "gpt",
    });
    expect(anthropicModelList([], 0)).toMatchObject({ data: [], first_id: null, last_id: null });
  });
});
