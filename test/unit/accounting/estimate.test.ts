import { describe, expect, it } from "vitest";
import { costMicros } from "../../../src/accounting/cost.js";
import {
  DEFAULT_MAX_OUTPUT_TOKENS,
  MEDIA_PART_TOKENS,
  costUpperBound,
  maxOutputTokens,
  promptTokenBound,
  utf8Length,
} from "../../../src/accounting/estimate.js";
import { lookupPrice } from "../../../src/accounting/prices.js";
import { pricesFor } from "../../../src/accounting/cost.js";
import { meteredOf } from "../../../src/accounting/metered.js";
import { providerNamed } from "../../../src/providers/all.js";
import { deploymentOf } from "../../../src/runtime-config.js";
import { ModelEntry } from "../../../src/config/schema.js";
import { ChatCompletionRequest } from "../../../src/openai/chat-request.js";

const dep = (model: string, extra: Record<string, unknown> = {}, info: Record<string, unknown> = {}) =>
  deploymentOf(
    ModelEntry.parse({ model_name: "g", litellm_params: { model, ...extra }, model_info: info }),
    0,
    providerNamed(model.split("/")[0]!)!,
  );
const req = (r: Record<string, unknown>) =>
  ChatCompletionRequest.parse({ model: "g", messages: [{ role: "user", content: "hello there" }], ...r });
const bodyOf = (r: ChatCompletionRequest) => utf8Length(JSON.stringify(r));

describe("cost upper bound", () => {
  it("bounds the real cost of a request (prompt ≤ body bytes, output ≤ max_tokens)", () => {
    const d = dep("anthropic/claude-sonnet-4-5");
    const r = req({ max_tokens: 200 });
    const bound = costUpperBound({ bodyBytes: bodyOf(r), request: r, deployments: [d], lookup: lookupPrice });
    // what the vendor could bill at most: the prompt's tokens, all written to cache, and 200 output tokens
    const real = costMicros(
      meteredOf({
        prompt_tokens: 12,
        completion_tokens: 200,
        total_tokens: 212,
        prompt_tokens_details: { cache_creation_tokens: 12 },
      }),
      pricesFor(d, lookupPrice),
    );
    expect(bound).toBeGreaterThanOrEqual(real);
    expect(bound).toBe(Math.ceil(bodyOf(r) * 3.75 + 200 * 15));
  });

  it("counts UTF-8 bytes, not UTF-16 units (a CJK character can be three byte-level tokens)", () => {
    expect(utf8Length("héllo")).toBe(6);
    expect(utf8Length("漢字")).toBe(6);
    expect(utf8Length("😀")).toBe(4);
  });

  it("adds an allowance per image/audio/file part and for tools", () => {
    const r = req({
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "what is this" },
            { type: "image_url", image_url: { url: "https://x/y.png" } },
          ],
        },
      ],
      tools: [{ type: "function", function: { name: "f" } }],
    });
    expect(promptTokenBound(100, r)).toBe(100 + MEDIA_PART_TOKENS + 1000);
  });

  it("without max_tokens uses the deployment's, then model_info's, then the table's max output", () => {
    const r = req({});
    expect(maxOutputTokens(r, dep("openai/gpt-4o", { max_tokens: 123 }))).toBe(123);
    expect(maxOutputTokens(r, dep("openai/gpt-4o", {}, { max_output_tokens: 456 }))).toBe(456);
    expect(maxOutputTokens(r, dep("openai/gpt-4o"))).toBe(16384);
    expect(maxOutputTokens(r, dep("openai/some-unknown-model"))).toBe(DEFAULT_MAX_OUTPUT_TOKENS);
    expect(maxOutputTokens(req({ max_tokens: 10, max_completion_tokens: 20 }), dep("openai/gpt-4o"))).toBe(20);
  });

  it("takes the dearest deployment that could serve the request, times n", () => {
    const cheap = dep("openai/gpt-4o-mini");
    const dear = dep("openai/gpt-4o");
    const r = req({ max_tokens: 100, n: 3 });
    const b = costUpperBound({ bodyBytes: 50, request: r, deployments: [cheap, dear], lookup: lookupPrice });
    expect(b).toBe(Math.ceil(50 * 2.5 + 300 * 10));
  });

  it("per-deployment prices beat the table; unpriced models bound at zero", () => {
    const d = dep("openai/my-finetune", { input_cost_per_token: 0, output_cost_per_token: 0.000001 });
    expect(
      costUpperBound({ bodyBytes: 999, request: req({ max_tokens: 100 }), deployments: [d], lookup: lookupPrice }),
    ).toBe(100);
    expect(
      costUpperBound({
        bodyBytes: 999,
        request: req({ max_tokens: 100 }),
        deployments: [dep("hosted_vllm/my-model")],
        lookup: lookupPrice,
      }),
    ).toBe(0);
  });
});
