import { describe, expect, it } from "vitest";
import { splitModel } from "../../../../src/providers/deployment.js";
import { LitellmParams } from "../../../../src/config/schema.js";
import { providerNamed } from "../../../../src/providers/all.js";
import { workersAiAdapter, workersAiProvider } from "../../../../src/providers/workers-ai/index.js";
import { HELLO, MODEL, fakeBinding, makeCtx } from "./context.js";

describe("workers_ai adapter", () => {
  it("is registered under workers_ai, reads CLOUDFLARE_API_TOKEN / CLOUDFLARE_ACCOUNT_ID and speaks SSE", () => {
    expect(providerNamed("workers_ai")?.chat).toBe(workersAiAdapter);
    expect(workersAiProvider.defaultEnv).toEqual({
      api_key: "CLOUDFLARE_API_TOKEN",
      account_id: "CLOUDFLARE_ACCOUNT_ID",
    });
    expect(workersAiAdapter.streamFraming).toBe("sse");
    expect(
      [...workersAiAdapter.unsupportedParams(makeCtx({ request: { messages: HELLO } }).deployment)].sort(),
    ).toEqual(["logit_bias", "logprobs", "n", "top_logprobs"]);
  });

  it("accepts model ids with @ and / (workers_ai/@cf/meta/...)", () => {
    const p = LitellmParams.parse({ model: `workers_ai/${MODEL}` });
    expect(splitModel(p.model)).toEqual({ provider: "workers_ai", model: MODEL });
  });

  it("posts to the account's OpenAI-compatible endpoint with a Bearer token", async () => {
    const r = await workersAiAdapter.buildRequest(makeCtx({ request: { messages: HELLO, temperature: 0.3 } }));
    expect(r.url).toBe("https://api.cloudflare.com/client/v4/accounts/acc123/ai/v1/chat/completions");
    expect(r.headers).toEqual({ "content-type": "application/json", authorization: "Bearer cf-test-token" });
    expect(JSON.parse(r.body as string)).toEqual({
      model: MODEL,
      messages: [{ role: "user", content: "Hello" }],
      temperature: 0.3,
    });
  });

  it("asks the REST endpoint for usage on streams", async () => {
    const r = await workersAiAdapter.buildRequest(
      makeCtx({ request: { messages: HELLO, stream: true }, stream: true }),
    );
    expect(JSON.parse(r.body as string)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it.each([
    ["http://127.0.0.1:9000", "http://127.0.0.1:9000/ai/v1/chat/completions"],
    [
      "http://127.0.0.1:9000/client/v4/accounts/other/",
      "http://127.0.0.1:9000/client/v4/accounts/other/ai/v1/chat/completions",
    ],
    [
      "https://gateway.ai.cloudflare.com/v1/acc123/my-gw/workers-ai/v1",
      "https://gateway.ai.cloudflare.com/v1/acc123/my-gw/workers-ai/v1/chat/completions",
    ],
  ])("honours api_base %s", async (api_base, url) => {
    expect(
      (await workersAiAdapter.buildRequest(makeCtx({ request: { messages: HELLO }, params: { api_base } }))).url,
    ).toBe(url);
  });

  it("needs an account id (or api_base) and a token for REST, naming the variables", () => {
    expect(() =>
      workersAiAdapter.buildRequest(makeCtx({ request: { messages: HELLO }, params: { account_id: undefined } })),
    ).toThrow(/CLOUDFLARE_ACCOUNT_ID/);
    expect(() =>
      workersAiAdapter.buildRequest(makeCtx({ request: { messages: HELLO }, params: { api_key: undefined } })),
    ).toThrow(/CLOUDFLARE_API_TOKEN/);
  });

  it("sends REST requests with the gateway's fetch", async () => {
    const seen: Array<{ url: string; init: RequestInit }> = [];
    const fetch = (async (url: string, init: RequestInit) => {
      seen.push({ url, init });
      return new Response("{}");
    }) as unknown as typeof globalThis.fetch;
    const ctx = makeCtx({ request: { messages: HELLO }, fetch });
    const req = await workersAiAdapter.buildRequest(ctx);
    await workersAiAdapter.send!(ctx, req);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe(req.url);
    expect(seen[0]!.init).toMatchObject({ method: "POST", headers: req.headers, body: req.body });
  });

  it("uses the AI binding when the Worker has one, and api_base when one is configured", async () => {
    const ai = fakeBinding(() => ({ response: "hi" }));
    const viaBinding = makeCtx({
      request: { messages: HELLO },
      ai,
      params: { api_key: undefined, account_id: undefined },
    });
    const req = await workersAiAdapter.buildRequest(viaBinding);
    expect(req.headers).not.toHaveProperty("authorization");
    await workersAiAdapter.send!(viaBinding, req);
    expect(ai.calls).toHaveLength(1);

    let fetched = 0;
    const fetch = (async () => {
      fetched++;
      return new Response("{}");
    }) as unknown as typeof globalThis.fetch;
    const pinned = makeCtx({ request: { messages: HELLO }, ai, fetch, params: { api_base: "http://127.0.0.1:9000" } });
    await workersAiAdapter.send!(pinned, await workersAiAdapter.buildRequest(pinned));
    expect(fetched).toBe(1);
    expect(ai.calls).toHaveLength(1);
  });
});
