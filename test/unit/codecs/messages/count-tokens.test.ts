import { describe, expect, it } from "vitest";
import { ESTIMATE, estimateInputTokens } from "../../../../src/codecs/messages/count-tokens.js";
import { parseCountTokensRequest } from "../../../../src/anthropic/parse.js";
import { fixtureText } from "../../../helpers/fixtures.js";

const count = (body: object) => estimateInputTokens(parseCountTokensRequest(JSON.stringify({ model: "m", ...body })));
const hello = { messages: [{ role: "user", content: "x".repeat(400) }] };

describe("count_tokens estimate for models without a counting endpoint", () => {
  it("counts a token per four UTF-8 bytes of text, plus the message framing", () => {
    expect(count(hello)).toBe(100 + ESTIMATE.perMessage);
    // Multi-byte text counts by bytes: 100 three-byte characters are 75 tokens, not 25.
    expect(count({ messages: [{ role: "user", content: "語".repeat(100) }] })).toBe(75 + ESTIMATE.perMessage);
  });

  it("adds system text, images, tools and tool calls", () => {
    const base = count(hello);
    expect(count({ ...hello, system: "y".repeat(40) })).toBe(base + 10);
    const image = { type: "image", source: { type: "url", url: "https://x/a.png" } };
    expect(count({ messages: [{ role: "user", content: [image, image] }] })).toBe(
      ESTIMATE.perMessage + 2 * ESTIMATE.perImage,
    );
    const tools = [{ name: "f", input_schema: { type: "object" } }];
    expect(count({ ...hello, tools })).toBeGreaterThan(base + ESTIMATE.toolsPreamble);
  });

  it("counts a PDF by its size and skips thinking of earlier turns", () => {
    const pdf = {
      type: "document",
      source: { type: "base64", media_type: "application/pdf", data: "A".repeat(200_000) },
    };
    expect(count({ messages: [{ role: "user", content: [pdf] }] })).toBe(
      ESTIMATE.perMessage + 3 * ESTIMATE.pdfTokensPer50kB,
    );
    const thinking = (t: string) => ({
      role: "assistant",
      content: [{ type: "thinking", thinking: t, signature: "s" }],
    });
    const earlier = count({ messages: [thinking("z".repeat(4000)), { role: "user", content: "q" }, thinking("")] });
    const last = count({ messages: [thinking(""), { role: "user", content: "q" }, thinking("z".repeat(4000))] });
    expect(last - earlier).toBe(1000);
  });

  it("gives the Claude Code request a plausible size", () => {
    const n = count(JSON.parse(fixtureText("anthropic-messages/claude-code.request.json")));
    expect(n).toBeGreaterThan(2_000);
    expect(n).toBeLessThan(6_000);
  });
});
