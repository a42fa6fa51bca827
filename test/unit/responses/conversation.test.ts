import { describe, expect, it } from "vitest";
import { toChatRequest } from "../../../src/codecs/responses/to-chat-request.js";
import { toResponse } from "../../../src/codecs/responses/to-response.js";
import type { GatewayError } from "../../../src/errors/gateway-error.js";
import { conversationItems, loadConversation } from "../../../src/responses/conversation.js";
import { inputItemsOf } from "../../../src/responses/input-items.js";
import { storedResponseOf } from "../../../src/responses/record.js";
import { ResponseCreateRequest } from "../../../src/responses/request.js";
import { MemoryResponseStore } from "../../../src/state/memory/response-store.js";
import { completion, RESP_NOW, responseContext } from "../../helpers/responses-fixtures.js";

const THINKING = [{ type: "thinking" as const, thinking: "Need the weather.", signature: "sig-A" }];
const WEATHER = { type: "function", name: "weather", parameters: { type: "object" } };

/** Turn 1 answered by an Anthropic deployment (thinking, then a tool call), stored for team:a. */
async function firstTurnOnAnthropic() {
  const clock = { now: RESP_NOW };
  const store = new MemoryResponseStore({ now: () => clock.now });
  const body = { model: "mixed", input: "Weather in Paris?", tools: [WEATHER], reasoning: { effort: "low" } };
  const ctx = responseContext(body, { id: "resp-1", provider: "anthropic" });
  const answer = completion({
    reasoning_content: "Need the weather.",
    thinking_blocks: THINKING,
    tool_calls: [{ id: "toolu_1", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } }],
  });
  const rec = storedResponseOf({
    request: ctx.request,
    owner: "team:a",
    response: toResponse(answer, ctx),
    inputItems: inputItemsOf(ctx.request.input, (p) => `${p}-in`),
    origin: { deploymentId: "d-anthropic", native: false },
    now: RESP_NOW,
    retentionDays: undefined,
  });
  await store.put(rec!);
  return { store, clock };
}

const SECOND_TURN = ResponseCreateRequest.parse({
  model: "mixed",
  previous_response_id: "resp-1",
  input: [{ type: "function_call_output", call_id: "toolu_1", output: "18°C, sunny" }],
  tools: [WEATHER],
});

describe("conversations across vendors", () => {
  it("continues on another vendor: the stored turn becomes chat history, signed thinking left for its own provider", async () => {
    const { store } = await firstTurnOnAnthropic();
    const chain = await loadConversation({ store, owner: "team:a", previousResponseId: "resp-1" });
    const history = conversationItems(chain);
    const gemini = toChatRequest({ request: SECOND_TURN, history, target: { name: "gemini", provider: "gemini" } });
    expect(gemini.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Weather in Paris?" }] },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "toolu_1", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } }],
      },
      { role: "tool", tool_call_id: "toolu_1", content: "18°C, sunny" },
    ]);
    const anthropic = toChatRequest({
      request: SECOND_TURN,
      history,
      target: { name: "claude", provider: "anthropic" },
    });
    expect(anthropic.messages[1]).toMatchObject({ thinking_blocks: THINKING });
  });

  it("is a 404 for another team, an unknown id, and an expired response", async () => {
    const { store, clock } = await firstTurnOnAnthropic();
    const notFound = async (owner: string, id: string) => {
      const e = (await loadConversation({ store, owner, previousResponseId: id }).catch((x) => x)) as GatewayError;
      expect([e.status, e.param, e.message]).toEqual([
        404,
        "previous_response_id",
        `No response found with id '${id}'.`,
      ]);
    };
    await notFound("team:b", "resp-1");
    await notFound("team:a", "resp-404");
    expect(await loadConversation({ store, owner: "team:a", previousResponseId: "resp-1" })).toHaveLength(1);
    clock.now = RESP_NOW + 31 * 86_400_000;
    await notFound("team:a", "resp-1");
  });

  it("starts a new conversation without previous_response_id, and needs a store to continue one", async () => {
    expect(await loadConversation({ store: undefined, owner: "master", previousResponseId: null })).toEqual([]);
    const e = (await loadConversation({ store: undefined, owner: "master", previousResponseId: "r" }).catch(
      (x) => x,
    )) as GatewayError;
    expect([e.status, e.code]).toEqual([400, "response_storage_unavailable"]);
  });
});
