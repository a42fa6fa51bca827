import { describe, expect, it } from "vitest";
import { fastMessagesRequest } from "../../../src/anthropic/fast-messages-request.js";
import { MessagesGatewayRequest } from "../../../src/pipeline/operations/messages-request.js";

// The fast path may only ever say what the zod schema says: it accepts only what the schema accepts, as the schema returns it.
const base = { model: "claude", max_tokens: 64, messages: [{ role: "user", content: "Hi" }] };
const variants: Array<Record<string, unknown>> = [
  {},
  { model: "" },
  { model: 3 },
  { max_tokens: 0 },
  { max_tokens: 1.5 },
  { max_tokens: undefined },
  { messages: [] },
  { messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }] },
  { messages: [{ role: "user", content: [{ type: "text", text: 1 }] }] },
  { messages: [{ role: "user", content: [{ type: "image", source: {} }] }] },
  { messages: [{ role: "user", content: [{ type: "text", text: "Hi", cache_control: { type: "ephemeral" } }] }] },
  { messages: [{ role: "tool", content: "x" }] },
  { messages: [{ role: "system", content: "x" }] },
  { messages: [{ role: "user", content: "x", name: "n" }] },
  { messages: [{ role: "user" }] },
  { messages: [null] },
  {
    messages: [
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Hello" },
    ],
  },
  { system: "Be brief." },
  { system: [{ type: "text", text: "Be brief." }] },
  { system: 5 },
  { stream: true },
  { stream: "yes" },
  { temperature: 0.5 },
  { temperature: 1.5 },
  { top_p: 1 },
  { top_p: -1 },
  { top_k: 5 },
  { top_k: -1 },
  { top_k: 1.5 },
  { stop_sequences: ["\n"] },
  { stop_sequences: [1] },
  { metadata: { user_id: "u" } },
  { metadata: { user_id: 5 } },
  { metadata: { other: 1 } },
  { metadata: null },
  { tools: [] },
  { thinking: { type: "enabled", budget_tokens: 1024 } },
  { fallbacks: ["x"] },
  { unknown: 1 },
];

describe("fastMessagesRequest", () => {
  it(`accepts only what the schema accepts, as the schema returns it (${variants.length} bodies)`, () => {
    let fast = 0;
    for (const v of variants) {
      const body = { ...base, ...v };
      const r = fastMessagesRequest(body);
      if (r === undefined) continue;
      fast++;
      expect(MessagesGatewayRequest.safeParse(body).success, JSON.stringify(body)).toBe(true);
      expect(MessagesGatewayRequest.parse(body)).toEqual(r);
    }
    expect(fast).toBe(11); // the usual requests take the fast path
  });
});
