import { z } from "zod";
import { OutputContent } from "./content.js";
import { OutputItem, SummaryText } from "./items.js";
import { ResponseObject } from "./response.js";

/**
 * Server-sent events of a streamed response, framed as `event: <type>` + `data: <json>` (the events
 * are the gateway's own output, so their shapes are exact; the items and responses inside stay loose). Every event
 * carries `sequence_number`, 0 for `response.created`, one more for each event after it. The order
 * (see docs/responses-api.md): created, in_progress, then per output item: output_item.added,
 * its content (parts, deltas, done), output_item.done; then exactly one of completed, incomplete, failed.
 * Events of OpenAI's hosted tools (web search, code interpreter, MCP, image generation, ...) come only from
 * native deployments, whose streams pass through unparsed, and are not modelled here.
 */

const seq = { sequence_number: z.number().int().min(0) };
const inItem = { item_id: z.string(), output_index: z.number().int().min(0) };
const inPart = { ...inItem, content_index: z.number().int().min(0) };
const inSummary = { ...inItem, summary_index: z.number().int().min(0) };

const lifecycle = <T extends string>(type: T) => z.object({ type: z.literal(type), response: ResponseObject, ...seq });

export const ResponseCreatedEvent = lifecycle("response.created");
export const ResponseInProgressEvent = lifecycle("response.in_progress");
export const ResponseCompletedEvent = lifecycle("response.completed");
export const ResponseIncompleteEvent = lifecycle("response.incomplete");
export const ResponseFailedEvent = lifecycle("response.failed");
/** A background response waiting to start (native deployments only). */
export const ResponseQueuedEvent = lifecycle("response.queued");

export const OutputItemAddedEvent = z.object({
  type: z.literal("response.output_item.added"),
  output_index: z.number().int().min(0),
  item: OutputItem,
  ...seq,
});
export const OutputItemDoneEvent = z.object({
  type: z.literal("response.output_item.done"),
  output_index: z.number().int().min(0),
  item: OutputItem,
  ...seq,
});

export const ContentPartAddedEvent = z.object({
  type: z.literal("response.content_part.added"),
  part: OutputContent,
  ...inPart,
  ...seq,
});
export const ContentPartDoneEvent = z.object({
  type: z.literal("response.content_part.done"),
  part: OutputContent,
  ...inPart,
  ...seq,
});

export const OutputTextDeltaEvent = z.object({
  type: z.literal("response.output_text.delta"),
  delta: z.string(),
  logprobs: z.array(z.unknown()).default([]),
  ...inPart,
  ...seq,
});
export const OutputTextDoneEvent = z.object({
  type: z.literal("response.output_text.done"),
  text: z.string(),
  logprobs: z.array(z.unknown()).default([]),
  ...inPart,
  ...seq,
});

export const RefusalDeltaEvent = z.object({
  type: z.literal("response.refusal.delta"),
  delta: z.string(),
  ...inPart,
  ...seq,
});
export const RefusalDoneEvent = z.object({
  type: z.literal("response.refusal.done"),
  refusal: z.string(),
  ...inPart,
  ...seq,
});

export const FunctionCallArgumentsDeltaEvent = z.object({
  type: z.literal("response.function_call_arguments.delta"),
  delta: z.string(),
  ...inItem,
  ...seq,
});
export const FunctionCallArgumentsDoneEvent = z.object({
  type: z.literal("response.function_call_arguments.done"),
  arguments: z.string(),
  name: z.string(),
  ...inItem,
  ...seq,
});

export const ReasoningSummaryPartAddedEvent = z.object({
  type: z.literal("response.reasoning_summary_part.added"),
  part: SummaryText,
  ...inSummary,
  ...seq,
});
export const ReasoningSummaryPartDoneEvent = z.object({
  type: z.literal("response.reasoning_summary_part.done"),
  part: SummaryText,
  ...inSummary,
  ...seq,
});
export const ReasoningSummaryTextDeltaEvent = z.object({
  type: z.literal("response.reasoning_summary_text.delta"),
  delta: z.string(),
  ...inSummary,
  ...seq,
});
export const ReasoningSummaryTextDoneEvent = z.object({
  type: z.literal("response.reasoning_summary_text.done"),
  text: z.string(),
  ...inSummary,
  ...seq,
});

/** Raw reasoning text (OpenAI's open-weight models); the translated path sends summaries instead. */
export const ReasoningTextDeltaEvent = z.object({
  type: z.literal("response.reasoning_text.delta"),
  delta: z.string(),
  ...inPart,
  ...seq,
});
export const ReasoningTextDoneEvent = z.object({
  type: z.literal("response.reasoning_text.done"),
  text: z.string(),
  ...inPart,
  ...seq,
});

/** A stream-level error (OpenAI sends it for failures that are not a model's failed response). */
export const ErrorEvent = z.object({
  type: z.literal("error"),
  code: z.string().nullable(),
  message: z.string(),
  param: z.string().nullable(),
  ...seq,
});

export const ResponseStreamEvent = z.discriminatedUnion("type", [
  ResponseCreatedEvent,
  ResponseInProgressEvent,
  ResponseCompletedEvent,
  ResponseIncompleteEvent,
  ResponseFailedEvent,
  ResponseQueuedEvent,
  OutputItemAddedEvent,
  OutputItemDoneEvent,
  ContentPartAddedEvent,
  ContentPartDoneEvent,
  OutputTextDeltaEvent,
  OutputTextDoneEvent,
  RefusalDeltaEvent,
  RefusalDoneEvent,
  FunctionCallArgumentsDeltaEvent,
  FunctionCallArgumentsDoneEvent,
  ReasoningSummaryPartAddedEvent,
  ReasoningSummaryPartDoneEvent,
  ReasoningSummaryTextDeltaEvent,
  ReasoningSummaryTextDoneEvent,
  ReasoningTextDeltaEvent,
  ReasoningTextDoneEvent,
  ErrorEvent,
]);
export type ResponseStreamEvent = z.infer<typeof ResponseStreamEvent>;

/** The lifecycle events that end a stream. */
/** An event before the encoder gives it its sequence number. */
export type UnnumberedEvent = ResponseStreamEvent extends infer E
  ? E extends ResponseStreamEvent
    ? Omit<E, "sequence_number">
    : never
  : never;

export const TERMINAL_EVENTS = ["response.completed", "response.incomplete", "response.failed"] as const;
