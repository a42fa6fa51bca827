import { describe, expect, it } from "vitest";
import type { GatewayError } from "../../../src/errors/gateway-error.js";
import { inputItemsOf, parseItemPage } from "../../../src/responses/input-items.js";
import { Item } from "../../../src/responses/items.js";
import { responseOwner } from "../../../src/responses/owner.js";

const counter = () => {
  let n = 0;
  return (p: string) => `${p}-${++n}`;
};

describe("input items as stored and listed", () => {
  it("makes a string input one user message with an input_text part", () => {
    expect(inputItemsOf("Hi", counter())).toEqual([
      { type: "message", id: "msg-1", role: "user", content: [{ type: "input_text", text: "Hi" }] },
    ]);
  });

  it("gives every item an id (keeping the client's) and message text as parts", () => {
    const input = [
      { role: "user", content: "Q" },
      { role: "assistant", content: "A" },
      { type: "function_call", id: "fc_client", call_id: "c", name: "f", arguments: "{}" },
      { type: "function_call_output", call_id: "c", output: "1" },
      { type: "reasoning", summary: [] },
      { type: "item_reference", id: "msg_0" },
    ].map((i) => Item.parse(i));
    expect(inputItemsOf(input, counter())).toEqual([
      { type: "message", id: "msg-1", role: "user", content: [{ type: "input_text", text: "Q" }] },
      {
        type: "message",
        id: "msg-2",
        role: "assistant",
        content: [{ type: "output_text", text: "A", annotations: [] }],
      },
      { type: "function_call", id: "fc_client", call_id: "c", name: "f", arguments: "{}" },
      { type: "function_call_output", id: "fco-3", call_id: "c", output: "1" },
      { type: "reasoning", id: "rs-4", summary: [] },
      { type: "item_reference", id: "msg_0" },
    ]);
  });

  it("reads OpenAI's list query with its defaults", () => {
    expect(parseItemPage(new URLSearchParams(""))).toEqual({ limit: 20, order: "desc" });
    expect(parseItemPage(new URLSearchParams("limit=5&order=asc&after=msg-2"))).toEqual({
      limit: 5,
      order: "asc",
      after: "msg-2",
    });
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=abc", "limit"],
    ["order=up", "order"],
  ])("refuses %s with a 400 naming %s", (q, param) => {
    let err: GatewayError | undefined;
    try {
      parseItemPage(new URLSearchParams(q));
    } catch (e) {
      err = e as GatewayError;
    }
    expect([err?.status, err?.param]).toEqual([400, param]);
  });
});

describe("who owns a stored response", () => {
  const key = {
    kind: "virtual" as const,
    keyHash: "h1",
    keyAlias: null,
    keyName: "sk-...1",
    userId: null,
    models: [],
    aliases: {},
    metadata: {},
    accounts: [],
  };

  it("is the team for a team key, the key otherwise, and the master key its own owner", () => {
    expect(responseOwner({ ...key, teamId: "t1" })).toBe("team:t1");
    expect(responseOwner({ ...key, keyHash: "h2", teamId: "t1" })).toBe("team:t1");
    expect(responseOwner({ ...key, teamId: null })).toBe("key:h1");
    expect(responseOwner({ kind: "master" })).toBe("master");
  });
});
