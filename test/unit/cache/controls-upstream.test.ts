import { describe, expect, it } from "vitest";
import type { Deployment } from "../../../src/providers/deployment.js";
import type { ChatCompletionRequest } from "../../../src/openai/chat-request.js";
import { prepareForDeployment } from "../../../src/pipeline/prepare-request.js";
import { openAICompatibleAdapter } from "../../../src/providers/openai-compatible/index.js";
import { VENDORS } from "../../../src/providers/openai-compatible/vendors.js";
import { providerNamed } from "../../../src/providers/all.js";

describe("cache controls and the vendor", () => {
  it("the body's cache field is the gateway's: it never reaches the vendor (OpenAI refuses unknown fields)", () => {
    const r = prepareForDeployment({
      request: {
        model: "m",
        messages: [{ role: "user", content: "hi" }],
        cache: { "no-store": true, ttl: 60 },
      } as ChatCompletionRequest,
      adapter: openAICompatibleAdapter(VENDORS.find((v) => v.name === "groq")!),
      deployment: {
        id: "d",
        modelName: "m",
        provider: "groq",
        model: "llama",
        modelInfo: {},
        params: { model: "groq/llama", api_key: "sk-x" },
        adapter: providerNamed("groq")!,
      } satisfies Deployment,
      dropParams: false,
    });
    expect(r.request).not.toHaveProperty("cache");
    expect(Object.keys(r.request).sort()).toEqual(["messages", "model"]);
  });
});
