import { BadGatewayError } from "../../errors/gateway-error.js";
import { SPEECH_CONTENT_TYPES, type SpeechRequest } from "../../openai/audio.js";
import type { SpeechResult } from "../provider.js";

/** OpenAI's speech body for a vendor model: the request as sent, without the gateway's own fields. */
export function speechBody(request: SpeechRequest, model: string | undefined): string {
  const body: Record<string, unknown> = { ...request };
  if (model === undefined) delete body.model;
  else body.model = model;
  delete body.metadata;
  return JSON.stringify(body);
}

/**
 * The audio answer handed through unread: its body stream, typed by the format the client asked for
 * (mp3 by default; server-sent events when it asked for stream_format "sse").
 */
export function speechResult(opts: { answer: unknown; request: SpeechRequest; provider: string }): SpeechResult {
  const { answer, request, provider } = opts;
  if (!(answer instanceof Response) || !answer.body)
    throw new BadGatewayError(`${provider} returned no audio`, { provider, code: "invalid_upstream_response" });
  const contentType =
    request.stream_format === "sse" ? "text/event-stream" : SPEECH_CONTENT_TYPES[request.response_format ?? "mp3"];
  return { body: answer.body, contentType };
}
