import { describe, expect, it } from "vitest";
import { SpeechRequest } from "../../../src/openai/audio.js";
import { providerNamed } from "../../../src/providers/all.js";
import { azureOperationUrl, azureUrl } from "../../../src/providers/azure/url.js";
import { fixtureJson } from "../../helpers/fixtures.js";
import { jsonBodyOf, operationContext, upstreamError } from "../../helpers/operation-context.js";
import { formEntries, transcriptionRequest } from "../../helpers/transcription-request.js";

const azure = providerNamed("azure")!;
const params = { api_base: "https://res.openai.azure.com", api_key: "az-secret", api_version: "2024-10-21" };

describe("Azure OpenAI audio", () => {
  it("builds each operation's deployment URL in the classic and the v1 layout", () => {
    const at = (apiBase: string, deployment: string, apiVersion: string, path: string) =>
      azureOperationUrl({ apiBase, deployment, apiVersion, path }).url;
    expect(at("https://r.openai.azure.com/", "whisper", "2024-06-01", "audio/transcriptions")).toBe(
      "https://r.openai.azure.com/openai/deployments/whisper/audio/transcriptions?api-version=2024-06-01",
    );
    expect(at("https://r.openai.azure.com", "tts", "v1", "audio/speech")).toBe(
      "https://r.openai.azure.com/openai/v1/audio/speech",
    );
    expect(azureUrl("https://r.openai.azure.com", "gpt", "2024-10-21").url).toBe(
      "https://r.openai.azure.com/openai/deployments/gpt/chat/completions?api-version=2024-10-21",
    );
  });

  it("transcribes through the deployment with the api-key header; base_model says it is whisper", async () => {
    const ctx = operationContext({
      provider: "azure",
      model: "my-stt",
      request: transcriptionRequest({ response_format: "json" }),
      params,
      modelInfo: { base_model: "whisper-1" },
    });
    const req = await azure.transcription!.buildRequest(ctx);
    expect(req.url).toBe(
      "https://res.openai.azure.com/openai/deployments/my-stt/audio/transcriptions?api-version=2024-10-21",
    );
    expect(req.headers).toEqual({ "api-key": "az-secret" });
    const entries = await formEntries(req.body as FormData);
    expect(entries.map(([k]) => k)).not.toContain("model"); // the deployment is in the URL
    expect(entries).toContainEqual(["response_format", "verbose_json"]);
    const res = await azure.transcription!.parseResponse(
      ctx,
      new Response(JSON.stringify(fixtureJson("openai/transcription.verbose.json"))),
    );
    expect(res).toMatchObject({ kind: "json", durationSeconds: 2.5 });
  });

  it("speaks through the deployment, and maps its content filter", async () => {
    const ctx = operationContext({
      provider: "azure",
      model: "my-tts",
      request: SpeechRequest.parse({ model: "tts", input: "Hello", voice: "alloy", response_format: "wav" }),
      params,
    });
    const req = await azure.speech!.buildRequest(ctx);
    expect(req.url).toBe("https://res.openai.azure.com/openai/deployments/my-tts/audio/speech?api-version=2024-10-21");
    expect(jsonBodyOf(req)).toEqual({ input: "Hello", voice: "alloy", response_format: "wav" });
    const out = await azure.speech!.parseResponse(ctx, new Response(new Uint8Array([1, 2, 3])));
    expect(out.contentType).toBe("audio/wav");
    const e = azure.speech!.parseError(ctx, upstreamError(400, fixtureJson("azure/error-content-filter.json")));
    expect(e.kind).toBe("ContentPolicyViolationError");
  });

  it("needs api_base and api_key, naming them", () => {
    const ctx = operationContext({
      provider: "azure",
      model: "x",
      request: transcriptionRequest(),
      params: { api_base: params.api_base },
    });
    expect(() => azure.transcription!.buildRequest(ctx)).toThrow(/has no api_key/);
  });
});
