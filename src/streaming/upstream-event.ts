export type StreamFraming = "sse" | "ndjson" | "aws-event-stream";

/**
 * One framed upstream event. SSE: `event` + `data`. NDJSON: `data` is one line.
 * AWS event-stream: `headers` (":event-type", ":message-type", ...) + `data` (payload as UTF-8 text).
 */
export interface UpstreamEvent {
  event?: string;
  data: string;
  headers?: Record<string, string>;
}
