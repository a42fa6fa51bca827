import { pricesFor } from "../../accounting/cost.js";
import type { Metered } from "../../accounting/metered.js";
import { lookupPrice } from "../../accounting/prices.js";
import type { Deployment } from "../../providers/deployment.js";
import { BadRequestError } from "../../errors/gateway-error.js";
import { TranscriptionRequest } from "../../openai/audio.js";
import { audioContainer, statedSeconds } from "../../openai/audio-file.js";
import type { TranscriptionResult } from "../../providers/provider.js";
import { callOperation } from "../../upstream/call-operation.js";
import { formFields } from "../form-fields.js";
import type { AttemptContext, Closing, Operation, RequestBody } from "../operation.js";
import { validated } from "../parse-request.js";
import { prepareForDeployment } from "../prepare-request.js";
import { jsonAnswer } from "../respond.js";

/** The lowest bitrate the bound assumes for compressed audio (8 kbps = 1000 bytes a second). */
const MIN_BYTES_PER_SECOND = 1000;
/** Tokens a second of audio can cost a token-billed model, in and out (a generous bound). */
const TOKENS_PER_SECOND_BOUND = 50;

const ACCEPTED = "flac, m4a, mp3, mp4, mpeg, mpga, oga, ogg, wav, webm";

/** The multipart upload → a validated request with the file's bytes; a file that is not audio is a 400. */
async function parseTranscription(body: RequestBody): Promise<TranscriptionRequest> {
  if (body.kind !== "form")
    throw new BadRequestError('this endpoint takes a multipart/form-data upload with the audio in the field "file"', {
      code: "invalid_request",
    });
  const fields = validated(TranscriptionRequest, formFields(body.form));
  if (fields.stream === true)
    throw new BadRequestError('streamed transcriptions are not supported; leave out "stream"', {
      param: "stream",
      code: "unsupported_parameter",
    });
  // A form's file fields are Files (workerd, Node); the declared types only know strings.
  const file: unknown = body.form.get("file");
  if (!(file instanceof File))
    throw new BadRequestError('missing required field "file" (the audio, uploaded as a file)', {
      param: "file",
      code: "invalid_request",
    });
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!audioContainer(bytes))
    throw new BadRequestError(`the file "${file.name}" is not audio in a format this endpoint takes (${ACCEPTED})`, {
      param: "file",
      code: "invalid_file_format",
    });
  return { ...fields, file: { name: file.name || "audio", type: file.type, bytes } };
}

/** Seconds of audio at most: as the header states (WAV, FLAC), else the file's size at the lowest bitrate. */
export function secondsBound(r: TranscriptionRequest): number {
  return statedSeconds(r.file.bytes) ?? r.file.bytes.length / MIN_BYTES_PER_SECOND;
}

function costBound(r: TranscriptionRequest, deployments: readonly Deployment[]): number {
  const seconds = secondsBound(r);
  let worst = 0;
  for (const d of deployments) {
    const p = pricesFor(d, lookupPrice);
    if (!p) continue;
    const tokens = seconds * TOKENS_PER_SECOND_BOUND;
    worst = Math.max(worst, Math.ceil(seconds * (p.perSecond ?? 0) + tokens * (p.input + p.output)));
  }
  return worst;
}

/**
 * What a transcription consumed: the seconds the vendor reports (verbose_json, usage, the last
 * cue of srt/vtt, Workers AI's output), else the seconds a WAV or FLAC header states; tokens where
 * the vendor bills by token. With neither, no seconds are billed (see the README).
 */
export function transcriptionUsage(out: TranscriptionResult, r: TranscriptionRequest): Metered {
  return {
    promptTokens: out.inputTokens ?? 0,
    completionTokens: out.outputTokens ?? 0,
    audioSeconds: out.durationSeconds ?? statedSeconds(r.file.bytes) ?? 0,
  };
}

async function transcribe(ctx: AttemptContext<TranscriptionRequest>): Promise<TranscriptionResult> {
  const { deps, deployment } = ctx;
  const adapter = deployment.adapter.transcription!;
  const prepared = prepareForDeployment({
    request: ctx.request,
    adapter,
    deployment,
    dropParams: deps.config.dropParams,
  });
  return callOperation({
    adapter,
    timeouts: ctx.timeouts,
    clientSignal: ctx.signal,
    ctx: {
      deployment: prepared.deployment,
      request: prepared.request,
      stream: false,
      fetch: deps.fetch,
      now: deps.now,
      requestId: ctx.requestId,
      cache: deps.providerCache,
      bindings: deps.bindings,
    },
  });
}

/** A text answer (text, srt, vtt): priced, closed, sent as plain text. */
function textAnswer(text: string, close: Closing, usage: Metered): Response {
  const cost = close.cost(usage);
  const headers = close.headers;
  headers["content-type"] = "text/plain; charset=utf-8";
  headers["x-switchyard-response-cost"] = (cost / 1_000_000).toString();
  close.finish({ status: 200, usage, costMicros: cost });
  return new Response(text, { status: 200, headers });
}

/** POST /v1/audio/transcriptions: a multipart upload, answered in the format the client asked for. */
export const transcriptionOperation: Operation<TranscriptionRequest, TranscriptionResult> = {
  name: "transcription",
  parse: parseTranscription,
  model: (r) => r.model,
  stream: () => false,
  costBound,
  call: transcribe,
  respond(out, close, req) {
    const usage = transcriptionUsage(out, req);
    return out.kind === "json" ? jsonAnswer(out.body, close, usage) : textAnswer(out.body, close, usage);
  },
};
