import { describe, expect, it } from "vitest";
import { NativeStreamTap, readNativeAnswer } from "../../../../src/codecs/responses/native-answer.js";
import { nativeRequestFor } from "../../../../src/codecs/responses/native-history.js";
import {
  nativeCreateRequest,
  nativeResponseRequest,
  nativeResponsesEndpoint,
} from "../../../../src/codecs/responses/native.js";
import { encodeThinking } from "../../../../src/codecs/responses/reasoning.js";
import type { Deployment } from "../../../../src/providers/deployment.js";
import { providerNamed } from "../../../../src/providers/all.js";
import type { GatewayError } from "../../../../src/errors/gateway-error.js";
import { ResponseCreateRequest } from "../../../../src/responses/request.js";
import { storedResponse } from "../../../helpers/response-store-contract.js";

function deployment(provider: string, model: string, params: Record<string, string> = {}): Deployment {
  return {
    id: `d-${provider}`,
    modelName: "group",
    provider,
    model,
    params: { model: `${provider}/${model}`, ...params },
    modelInfo: {},
    adapter: providerNamed(provider)!,
  };
}

const OPENAI = deployment("openai", "gpt-4.1", { api_key: "sk-up" });
const AZURE = deployment("azure", "my-gpt-deploy", { api_key: "az-key", api_base: "https://res.openai.azure.com/" });

function create(d: Deployment, body: Record<string, unknown>) {
  const endpoint = nativeResponsesEndpoint(d.provider)!;
  return nativeCreateRequest({ endpoint, deployment: d, request: ResponseCreateRequest.parse(body) });
}

describe("native Responses endpoints", () => {
  it("exist for openai and azure only; every other provider is translated", () => {
    expect(nativeResponsesEndpoint("openai")).toBeDefined();
    expect(nativeResponsesEndpoint("azure")).toBeDefined();
    for (const p of ["anthropic", "gemini", "bedrock", "groq", "toString", "__proto__"])
      expect(nativeResponsesEndpoint(p)).toBeUndefined();
  });

  it("OpenAI: the request as sent, with the vendor model id and the deployment's key; gateway fields removed", () => {
    const body = {
      model: "group",
      input: "Hi",
      tools: [{ type: "web_search" }],
      previous_response_id: "resp_1",
      stream: true,
      store: true,
      some_new_param: { a: 1 },
      fallbacks: ["other"],
      num_retries: 2,
    };
    const up = create(OPENAI, body);
    expect(up.url).toBe("https://api.openai.com/v1/responses");
    expect(up.headers).toEqual({ "content-type": "application/json", authorization: "Bearer sk-up" });
    const { fallbacks: _f, num_retries: _n, ...rest } = body;
    expect(JSON.parse(up.body as string)).toEqual({ ...rest, model: "gpt-4.1" });
  });

  it("OpenAI: honours api_base", () => {
    const d = deployment("openai", "gpt-4.1", { api_key: "k", api_base: "http://127.0.0.1:9/v1/" });
    expect(create(d, { model: "g", input: "x" }).url).toBe("http://127.0.0.1:9/v1/responses");
  });

  it("Azure: the v1 route with the api-key header and the Azure deployment name as model", () => {
    const up = create(AZURE, { model: "group", input: "Hi" });
    expect(up.url).toBe("https://res.openai.azure.com/openai/v1/responses");
    expect(up.headers).toEqual({ "content-type": "application/json", "api-key": "az-key" });
    expect(JSON.parse(up.body as string).model).toBe("my-gpt-deploy");
    const v1 = deployment("azure", "dep", { api_key: "k", api_base: "https://r.openai.azure.com/openai/v1" });
    expect(create(v1, { model: "g", input: "x" }).url).toBe("https://r.openai.azure.com/openai/v1/responses");
    const preview = deployment("azure", "dep", {
      api_key: "k",
      api_base: "https://r.openai.azure.com",
      api_version: "preview",
    });
    expect(create(preview, { model: "g", input: "x" }).url).toBe(
      "https://r.openai.azure.com/openai/v1/responses?api-version=preview",
    );
  });

  it.each([
    [deployment("openai", "gpt-4.1"), "missing_api_key"],
    [deployment("azure", "d", { api_key: "k" }), "missing_api_base"],
    [deployment("azure", "d", { api_base: "https://r" }), "missing_api_key"],
  ])("refuses a deployment without credentials (%#)", (d, code) => {
    let e: GatewayError | undefined;
    try {
      create(d, { model: "g", input: "x" });
    } catch (x) {
      e = x as GatewayError;
    }
    expect([e?.status, e?.code]).toEqual([400, code]);
    expect(e?.message).toContain('model "group"');
  });

  it("builds retrieve, cancel and delete calls on the same route", () => {
    const endpoint = nativeResponsesEndpoint("azure")!;
    const call = (action: "retrieve" | "cancel" | "delete") =>
      nativeResponseRequest({ endpoint, deployment: AZURE, id: "resp_1", action });
    expect(call("retrieve")).toEqual({
      url: "https://res.openai.azure.com/openai/v1/responses/resp_1",
      method: "GET",
      headers: { "api-key": "az-key" },
    });
    expect([call("cancel").method, call("cancel").url]).toEqual([
      "POST",
      "https://res.openai.azure.com/openai/v1/responses/resp_1/cancel",
    ]);
    expect(call("delete").method).toBe("DELETE");
  });
});

describe("previous_response_id on a native deployment", () => {
  const request = ResponseCreateRequest.parse({ model: "g", previous_response_id: "r2", input: "And now?" });

  it("goes up unchanged when this deployment answered the previous response itself", () => {
    const prev = { ...storedResponse("r2"), origin: { deploymentId: "d-openai", native: true } };
    expect(nativeRequestFor({ request, chain: [prev], deploymentId: "d-openai" })).toBe(request);
    expect(
      nativeRequestFor({
        request: ResponseCreateRequest.parse({ model: "g", input: "x" }),
        chain: [],
        deploymentId: "d",
      }),
    ).toEqual({ model: "g", input: "x" });
  });

  it("is replaced by the stored conversation, inlined, when the conversation crossed deployments", () => {
    const first = storedResponse("r1");
    const second = storedResponse("r2", { previous: "r1" });
    second.response.output = [
      {
        id: "rs-1",
        type: "reasoning",
        summary: [],
        encrypted_content: encodeThinking([{ type: "thinking", thinking: "t", signature: "s" }], "anthropic"),
      },
      { id: "fc-2", type: "function_call", status: "completed", call_id: "toolu_1", name: "f", arguments: "{}" },
    ];
    second.inputItems.push({ type: "function_call_output", id: "fco-9", call_id: "toolu_0", output: "ok" });
    const up = nativeRequestFor({ request, chain: [first, second], deploymentId: "d-openai" });
    expect(up).not.toHaveProperty("previous_response_id");
    expect(up.input).toEqual([
      { type: "message", role: "user", content: [{ type: "input_text", text: "question 0 of r1" }] },
      { type: "message", role: "assistant", content: "answer of r1" },
      { type: "message", role: "user", content: [{ type: "input_text", text: "question 0 of r2" }] },
      { type: "function_call_output", call_id: "toolu_0", output: "ok" },
      { type: "function_call", call_id: "toolu_1", name: "f", arguments: "{}" },
      { type: "message", role: "user", content: "And now?" },
    ]);
  });

  it("inlines when the previous response came from another native deployment", () => {
    const prev = { ...storedResponse("r2"), origin: { deploymentId: "d-azure", native: true } };
    expect(nativeRequestFor({ request, chain: [prev], deploymentId: "d-openai" }).previous_response_id).toBeUndefined();
  });
});

const OPENAI_RESPONSE = {
  id: "resp_abc",
  object: "response",
  created_at: 1750000000,
  status: "completed",
  error: null,
  incomplete_details: null,
  instructions: null,
  model: "gpt-4.1-2025-04-14",
  output: [
    {
      id: "msg_1",
      type: "message",
      status: "completed",
      role: "assistant",
      content: [{ type: "output_text", text: "Hi", annotations: [], logprobs: [] }],
    },
    { id: "ws_1", type: "web_search_call", status: "completed", action: { type: "search", query: "q" } },
  ],
  parallel_tool_calls: true,
  previous_response_id: null,
  reasoning: { effort: "medium", summary: null },
  service_tier: "default",
  temperature: 1,
  text: { format: { type: "text" }, verbosity: "medium" },
  tool_choice: "auto",
  tools: [{ type: "web_search", search_context_size: "medium" }],
  top_p: 1,
  truncation: "disabled",
  usage: {
    input_tokens: 120,
    input_tokens_details: { cached_tokens: 100 },
    output_tokens: 30,
    output_tokens_details: { reasoning_tokens: 12 },
    total_tokens: 150,
  },
  metadata: {},
};

describe("reading a native answer", () => {
  it("takes the Response (to store) and its usage (for cost) from a body", () => {
    const a = readNativeAnswer(OPENAI_RESPONSE);
    expect(a.response?.id).toBe("resp_abc");
    expect(a.response?.output[1]).toMatchObject({ type: "web_search_call", action: { query: "q" } });
    expect(a.usage).toEqual({
      prompt_tokens: 120,
      completion_tokens: 30,
      total_tokens: 150,
      prompt_tokens_details: { cached_tokens: 100 },
      completion_tokens_details: { reasoning_tokens: 12 },
    });
  });

  it("still reads usage from a response it cannot store, and nothing from garbage", () => {
    expect(readNativeAnswer({ usage: OPENAI_RESPONSE.usage, output: "?" }).usage?.total_tokens).toBe(150);
    expect(readNativeAnswer("nope")).toEqual({});
  });

  it("taps a stream for the event that ends it, with or without SSE event names", () => {
    const tap = new NativeStreamTap();
    tap.onEvent({
      event: "response.created",
      data: JSON.stringify({
        type: "response.created",
        response: { ...OPENAI_RESPONSE, status: "in_progress", usage: null },
      }),
    });
    expect(tap.answer()).toEqual({});
    tap.onEvent({ event: "response.output_text.delta", data: '{"type":"response.output_text.delta","delta":"Hi"}' });
    tap.onEvent({
      event: "response.completed",
      data: JSON.stringify({ type: "response.completed", sequence_number: 9, response: OPENAI_RESPONSE }),
    });
    expect(tap.answer().usage?.total_tokens).toBe(150);
    const unnamed = new NativeStreamTap();
    unnamed.onEvent({
      data: JSON.stringify({ type: "response.incomplete", response: { ...OPENAI_RESPONSE, status: "incomplete" } }),
    });
    expect(unnamed.answer().response?.status).toBe("incomplete");
  });
});
