import { describe, expect, it } from "vitest";
import { PRICE_SOURCE, PRICE_TABLE } from "../../../src/accounting/price-table.js";
import { lookupPrice, priceRow } from "../../../src/accounting/prices.js";

describe("bundled price table", () => {
  it("names its source and prices models of every supported vendor", () => {
    expect(PRICE_SOURCE).toMatch(/openai\.com/);
    const providers = new Set(Object.keys(PRICE_TABLE).map((k) => k.split("/")[0]));
    for (const p of [
      "openai",
      "anthropic",
      "gemini",
      "vertex_ai",
      "bedrock",
      "cohere",
      "mistral",
      "groq",
      "deepseek",
      "xai",
      "together_ai",
      "fireworks_ai",
      "perplexity",
      "workers_ai",
    ]) {
      expect(providers, p).toContain(p);
    }
    for (const [k, row] of Object.entries(PRICE_TABLE)) {
      expect(row.output, k).toBeGreaterThanOrEqual(0);
      if (row.cached_input !== undefined) expect(row.cached_input, k).toBeLessThanOrEqual(row.input);
    }
  });

  it("finds dated snapshots, Bedrock cross-region ids, Vertex version tags and Azure deployments", () => {
    expect(lookupPrice("openai", "gpt-4o-2024-08-06")).toMatchObject({ input: 2.5, output: 10, cachedInput: 1.25 });
    expect(lookupPrice("openai", "gpt-4o-2024-05-13")).toMatchObject({ input: 5, output: 15 });
    expect(lookupPrice("anthropic", "claude-sonnet-4-5-20250929")).toMatchObject({
      input: 3,
      output: 15,
      cacheWrite: 3.75,
      cachedInput: 0.3,
    });
    expect(lookupPrice("bedrock", "us.anthropic.claude-3-5-sonnet-20241022-v2:0")).toMatchObject({
      input: 3,
      output: 15,
    });
    expect(lookupPrice("vertex_ai", "claude-sonnet-4-5@20250929")).toMatchObject({ input: 3, output: 15 });
    expect(lookupPrice("vertex_ai", "gemini-2.5-pro")).toMatchObject({ input: 1.25, output: 10 });
    expect(lookupPrice("azure", "gpt-4.1-mini")).toMatchObject({ input: 0.4, output: 1.6 });
    expect(lookupPrice("mistral", "mistral-large-latest")).toMatchObject({ input: 2, output: 6 });
    expect(priceRow("groq", "llama-3.3-70b-versatile")?.max_output_tokens).toBe(32768);
  });

  it("knows nothing of models it has no row for (cost 0 rather than a guess)", () => {
    expect(lookupPrice("openai", "my-finetune")).toBeUndefined();
    expect(lookupPrice("ollama", "llama3")).toBeUndefined();
  });
});
