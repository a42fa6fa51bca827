import { BadRequestError } from "../../errors/gateway-error.js";
import type { TranscriptionRequest } from "../../openai/audio.js";
import type { Deployment } from "../deployment.js";
import type { OperationAdapter, ProviderContext, TranscriptionResult, UpstreamRequest } from "../provider.js";
import { parseUpstreamAs } from "../shared/json.js";
import { renderTranscript, type Transcript } from "../shared/transcript.js";
import { runOutputOf, WorkersAiWhisperOutput } from "./api.js";
import { bindingErrorResponse, parseWorkersAiError } from "./error.js";
import { bindingUrl, usesBinding } from "./binding.js";
import { CLOUDFLARE_API } from "./convert-request.js";

const PROVIDER = "workers_ai";

/** whisper-large-v3-turbo takes base64 audio and options; whisper and whisper-tiny-en take the bytes alone. */
function takesBase64(model: string): boolean {
  return /whisper-large-v3-turbo/.test(model);
}

function base64Of(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The model's inputs: the audio (base64 or a byte array), and the turbo model's language and prompt. */
export function whisperInputs(r: TranscriptionRequest, model: string): Record<string, unknown> {
  if (!takesBase64(model)) return { audio: [...r.file.bytes] };
  const inputs: Record<string, unknown> = { audio: base64Of(r.file.bytes), task: "transcribe" };
  if (r.language) inputs.language = r.language;
  if (r.prompt) inputs.initial_prompt = r.prompt;
  return inputs;
}

/** REST: {api_base}/ai/run/{model}, api_base defaulting to the account's v4 URL. */
function runUrl(d: Deployment): string {
  let base = d.params.api_base?.replace(/\/+$/, "");
  if (!base) {
    if (!d.params.account_id)
      throw new BadRequestError(
        `model "${d.modelName}" (workers_ai) needs account_id (or CLOUDFLARE_ACCOUNT_ID), or api_base`,
        {
          code: "missing_account_id",
        },
      );
    base = `${CLOUDFLARE_API}/accounts/${encodeURIComponent(d.params.account_id)}`;
  }
  return `${base}/ai/run/${d.model}`;
}

/** The output as a transcript: segments (turbo) or words (whisper), the language and duration when stated. */
export function transcriptOf(out: WorkersAiWhisperOutput): Transcript {
  const t: Transcript = { text: out.text.trim() };
  const info = out.transcription_info;
  if (info?.language) t.language = info.language;
  if (info?.duration != null) t.duration = info.duration;
  const segments = out.segments?.filter((s) => s.start != null && s.end != null);
  if (segments?.length) t.segments = segments.map((s) => ({ start: s.start!, end: s.end!, text: s.text ?? "" }));
  const words = out.words?.filter((w) => w.word != null && w.start != null && w.end != null);
  if (words?.length) t.words = words.map((w) => ({ word: w.word!, start: w.start!, end: w.end! }));
  return t;
}

/**
 * Workers AI Whisper (`workers_ai/@cf/openai/whisper`, `-tiny-en`, `-large-v3-turbo`): through the AI
 * binding (the audio handed to `ai.run`), or REST (`/ai/run/{model}`: the bytes as the body, or JSON
 * for turbo). The output is rendered in the client's format by the gateway (json, text, srt, vtt,
 * verbose_json); the duration comes from the model (turbo) or where its last word ends.
 */
export const workersAiTranscription: OperationAdapter<TranscriptionRequest, TranscriptionResult> = {
  answer: "json",
  unsupportedParams: (d) => (takesBase64(d.model) ? ["temperature"] : ["temperature", "language", "prompt"]),
  buildRequest(ctx): UpstreamRequest {
    const d = ctx.deployment;
    if (usesBinding(ctx)) return { url: bindingUrl(d.model), headers: {} };
    if (!d.params.api_key)
      throw new BadRequestError(
        `model "${d.modelName}" (workers_ai) has no api_key (set litellm_params.api_key or CLOUDFLARE_API_TOKEN)`,
        { code: "missing_api_key" },
      );
    const auth = { authorization: `Bearer ${d.params.api_key}` };
    if (takesBase64(d.model))
      return {
        url: runUrl(d),
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify(whisperInputs(ctx.request, d.model)),
      };
    return {
      url: runUrl(d),
      headers: { ...auth, "content-type": "application/octet-stream" },
      body: ctx.request.file.bytes,
    };
  },
  async send(ctx: ProviderContext<TranscriptionRequest>, req: UpstreamRequest): Promise<Response> {
    if (!usesBinding(ctx))
      return ctx.fetch(req.url, { method: "POST", headers: req.headers, body: req.body, signal: ctx.signal });
    let out: unknown;
    try {
      out = await ctx.bindings.ai!.run(ctx.deployment.model, whisperInputs(ctx.request, ctx.deployment.model), {
        signal: ctx.signal,
      });
    } catch (e) {
      if (ctx.signal?.aborted) throw e;
      return bindingErrorResponse(e);
    }
    return new Response(JSON.stringify(out ?? {}), { headers: { "content-type": "application/json" } });
  },
  parseResponse(ctx, body): TranscriptionResult {
    const out = parseUpstreamAs(WorkersAiWhisperOutput, runOutputOf(body), PROVIDER);
    return renderTranscript(transcriptOf(out), { format: ctx.request.response_format ?? "json" });
  },
  parseError: (_ctx, res) => parseWorkersAiError(res),
};
