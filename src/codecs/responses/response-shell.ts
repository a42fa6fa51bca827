import type { ResponseCreateRequest } from "../../responses/request.js";
import type { ResponseObject } from "../../responses/response.js";

/** What a translated response is made for: its id, clock, the model it names, and the request it echoes. */
export interface ResponseContext {
  request: ResponseCreateRequest;
  /** The response id (the gateway's; it is also the stored record's key). */
  id: string;
  /** Epoch ms when the request arrived (`created_at` is sent in seconds, as OpenAI does). */
  createdAt: number;
  /** The model name the response carries (the model group the client asked for). */
  model: string;
  /** Provider of the deployment that answers (its signed thinking is only replayed to it). */
  provider: string;
  /** Ids for output items, e.g. itemId("msg"). */
  itemId: (prefix: string) => string;
}

/**
 * A response with no output yet (`in_progress`): the request's settings echoed with OpenAI's defaults,
 * as in OpenAI's `response.created`. Both the non-stream translation and the stream encoder start here.
 */
export function responseShell(ctx: ResponseContext): ResponseObject {
  const r = ctx.request;
  const shell: ResponseObject = {
    id: ctx.id,
    object: "response",
    created_at: Math.floor(ctx.createdAt / 1000),
    status: "in_progress",
    background: r.background ?? false,
    error: null,
    incomplete_details: null,
    instructions: r.instructions ?? null,
    max_output_tokens: r.max_output_tokens ?? null,
    model: ctx.model,
    output: [],
    parallel_tool_calls: r.parallel_tool_calls ?? true,
    previous_response_id: r.previous_response_id ?? null,
    reasoning: { effort: r.reasoning?.effort ?? null, summary: summaryOf(r) ?? null },
    store: r.store ?? true,
    temperature: r.temperature ?? null,
    text: { format: r.text?.format ?? { type: "text" } },
    tool_choice: r.tool_choice ?? "auto",
    tools: r.tools ?? [],
    top_p: r.top_p ?? null,
    truncation: r.truncation ?? "disabled",
    usage: null,
    metadata: r.metadata ?? {},
  };
  if (r.user != null) shell.user = r.user;
  return shell;
}

/** The reasoning summary the client asked for (`summary`, or the older `generate_summary`). */
export function summaryOf(r: ResponseCreateRequest): string | undefined {
  return r.reasoning?.summary ?? r.reasoning?.generate_summary ?? undefined;
}
