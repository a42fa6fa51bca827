import { describe, expect, it } from "vitest";
import { prepareForDeployment } from "../../../src/pipeline/prepare-request.js";
import type { Deployment } from "../../../src/providers/deployment.js";
import type { ChatCompletionRequest } from "../../../src/openai/chat-request.js";
import { openAICompatibleAdapter } from "../../../src/providers/openai-compatible/index.js";
import { VENDORS } from "../../../src/providers/openai-compatible/vendors.js";
import { providerNamed } from "../../../src/providers/all.js";
import { GatewayError } from "../../../src/errors/gateway-error.js";

const mistral = openAICompatibleAdapter(VENDORS.find((v) => v.name === "mistral")!);
const dep = (params: Partial<Deployment["params"]> = {}): Deployment => ({
  id: "d1",
  modelName: "m",
  provider: "mistral",
  model: "mistral-large-latest",
  modelInfo: {},
  params: { model: "mistral/mistral-large-latest", api_key: "sk-config", ...params },
  adapter: providerNamed("mistral")!,
});
const req = (extra: Record<string, unknown>): ChatCompletionRequest =>
  ({ model: "m", messages: [{ role: "user", content: "hi" }], ...extra }) as ChatCompletionRequest;

function errorOf(f: () => unknown): GatewayError {
  try {
    f();
  } catch (e) {
    if (e instanceof GatewayError) return e;
    throw e;
  }
  throw new Error("expected an error");
}

describe("drop_params", () => {
  it("refuses a parameter the vendor rejects with a 400 naming it", () => {
    const e = errorOf(() =>
      prepareForDeployment({
        request: req({ logit_bias: { "1": 2 } }),
        adapter: mistral,
        deployment: dep(),
        dropParams: false,
      }),
    );
    expect(e.status).toBe(400);
    expect(e.param).toBe("logit_bias");
    expect(e.message).toContain('"logit_bias"');
    expect(e.message).toContain("drop_params");
  });

  it("removes it when drop_params is on globally or for the deployment", () => {
    const a = prepareForDeployment({
      request: req({ logit_bias: { "1": 2 }, temperature: 0.1 }),
      adapter: mistral,
      deployment: dep(),
      dropParams: true,
    });
    expect(a.request).not.toHaveProperty("logit_bias");
    expect(a.request.temperature).toBe(0.1);
    expect(a.deployment.params.drop_params).toBe(true); // adapters deciding on values see the global setting
    const b = prepareForDeployment({
      request: req({ user: "u1" }),
      adapter: mistral,
      deployment: dep({ drop_params: true }),
      dropParams: false,
    });
    expect(b.request).not.toHaveProperty("user");
  });

  it("strips gateway-only fields before the adapter sees the request", () => {
    const r = prepareForDeployment({
      request: req({ fallbacks: ["x"], num_retries: 1, tags: ["t"] }),
      adapter: mistral,
      deployment: dep(),
      dropParams: false,
    });
    expect(Object.keys(r.request).sort()).toEqual(["messages", "model"]);
  });
});

describe("client-side credentials", () => {
  it("are refused unless the deployment allows them", () => {
    for (const f of ["api_base", "base_url", "api_key"]) {
      const e = errorOf(() =>
        prepareForDeployment({
          request: req({ [f]: "http://attacker.example" }),
          adapter: mistral,
          deployment: dep(),
          dropParams: false,
        }),
      );
      expect(e.status).toBe(400);
      expect(e.param).toBe(f);
    }
  });

  it("a client api_base never goes out with the configured key", () => {
    const e = errorOf(() =>
      prepareForDeployment({
        request: req({ api_base: "http://elsewhere/v1" }),
        adapter: mistral,
        deployment: dep({ allow_client_side_credentials: true }),
        dropParams: false,
      }),
    );
    expect(e.param).toBe("api_key");
    const ok = prepareForDeployment({
      request: req({ api_base: "http://elsewhere/v1", api_key: "sk-client" }),
      adapter: mistral,
      deployment: dep({ allow_client_side_credentials: true }),
      dropParams: false,
    });
    expect(ok.deployment.params).toMatchObject({ api_base: "http://elsewhere/v1", api_key: "sk-client" });
    expect(ok.request).not.toHaveProperty("api_key");
  });
});
