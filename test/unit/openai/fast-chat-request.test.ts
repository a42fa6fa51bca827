import { describe, expect, it } from "vitest";
import { ChatCompletionRequest } from "../../../src/openai/chat-request.js";
import { fastChatRequest } from "../../../src/openai/fast-chat-request.js";

// The fast path may only ever say what the zod schema says: same acceptance, same value.
const cases: Array<Record<string, unknown>> = [];
const roles = ["system", "developer", "user", "assistant", "tool", "wizard"];
const extras: Array<Record<string, unknown>> = [
  {},
  { stream: true },
  { stream: "yes" },
  { temperature: 0.7 },
  { temperature: 2.5 },
  { temperature: null },
  { top_p: 1 },
  { top_p: -0.1 },
  { n: 1 },
  { n: 0 },
  { n: 1.5 },
  { max_tokens: 100 },
  { max_tokens: 0 },
  { max_completion_tokens: 64 },
  { presence_penalty: -2 },
  { frequency_penalty: 3 },
  { seed: 42 },
  { seed: 4.2 },
  { user: "u1" },
  { user: 7 },
  { stop: "\n" },
  { stop: ["a", "b"] },
  { stop: [1] },
  { stop_options: 1 },
  { stream_options: { include_usage: true } },
  { stream_options: { include_usage: "x" } },
  { stream_options: { other: 1 } },
  { tools: [] },
  { metadata: { a: 1 } },
  { fallbacks: ["x"] },
  { response_format: { type: "json_object" } },
];
for (const role of roles) {
  for (const content of ["hi", "", 5, null, [{ type: "text", text: "x" }]]) {
    for (const extra of extras) cases.push({ model: "m", messages: [{ role, content }], ...extra });
  }
}
cases.push({ model: "", messages: [{ role: "user", content: "x" }] });
cases.push({ model: "m", messages: [] });
cases.push({ model: "m", messages: [{ role: "user", content: "x", name: "bob" }] });
cases.push({ model: "m", messages: [{ role: "user", content: "x", name: 3 }] });
cases.push({ model: "m", messages: [{ role: "user", content: "x", extra: 1 }] });
cases.push({
  model: "m",
  messages: [{ role: "assistant", content: "x", tool_calls: [{ id: "c", function: { name: "f", arguments: "{}" } }] }],
});

describe("fast request check", () => {
  it(`agrees with the zod schema on ${cases.length} requests and takes the common ones`, () => {
    let taken = 0;
    for (const c of cases) {
      const fast = fastChatRequest(structuredClone(c));
      if (!fast) continue;
      taken++;
      const slow = ChatCompletionRequest.safeParse(structuredClone(c));
      expect(slow.success, JSON.stringify(c)).toBe(true);
      expect(fast).toEqual(slow.data);
    }
    expect(taken).toBeGreaterThan(50);
    expect(
      fastChatRequest({ model: "m", messages: [{ role: "user", content: "hi" }], temperature: 0.2, max_tokens: 10 }),
    ).toBeDefined();
  });
});
