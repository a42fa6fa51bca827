import { describe, expect, it } from "vitest";
import { isPlainNativeMessage } from "../../../../src/providers/anthropic/fast-shape.js";
import { NativeAnswer } from "../../../../src/providers/shared/native-messages-usage.js";

// The fast check may only say "valid" where the schema says so; it should say so for every usual answer.
const scalars = [undefined, null, "x", 5, 1.5, true, {}, [], Number.NaN];
const bodies: unknown[] = [null, "x", 3, [], {}];
for (const id of scalars) bodies.push({ id });
for (const model of scalars) bodies.push({ model });
for (const stop_reason of scalars) bodies.push({ stop_reason });
for (const stop_sequence of scalars) bodies.push({ stop_sequence });
for (const content of [...scalars, [null], [1], [{}], [{ type: 1 }], [{ type: "text" }], [{ type: "text", text: 2 }]])
  bodies.push({ content });
for (const k of ["text", "id", "name", "thinking", "signature", "data"])
  for (const v of scalars) bodies.push({ content: [{ type: "tool_use", [k]: v }] });
for (const usage of [...scalars, { input_tokens: 1.5 }, { output_tokens: "3" }, { input_tokens: 2 ** 60 }])
  bodies.push({ usage });
for (const server_tool_use of scalars) bodies.push({ usage: { input_tokens: 1, server_tool_use } });
bodies.push({
  id: "msg_1",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-4-5",
  content: [
    { type: "thinking", thinking: "…", signature: "sig" },
    { type: "text", text: "Hello" },
    { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" } },
  ],
  stop_reason: "tool_use",
  stop_sequence: null,
  usage: { input_tokens: 12, output_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
});

describe("fast native Message check", () => {
  it(`passes exactly when the schema accepts (${bodies.length} bodies)`, () => {
    for (const v of bodies) expect(isPlainNativeMessage(v), JSON.stringify(v)).toBe(NativeAnswer.safeParse(v).success);
    expect(isPlainNativeMessage(bodies[bodies.length - 1])).toBe(true);
  });
});
