import { generatedToolCallId } from "../shared/tool-calls.js";

/**
 * Gemini returns function calls without ids (or with ids of its own that it does not need back),
 * but Gemini 3 requires the `thoughtSignature` of a function-call part to be sent back with it in the
 * next turn. The OpenAI wire has no field for it, so it rides in the tool call id:
 * `call_<request>_<n>` or `call_<request>_<n>__thought__<signature>`.
 */
const SEP = "__thought__";

export function makeToolCallId(opts: { requestId: string; n: number; thoughtSignature?: string | null }): string {
  const base = generatedToolCallId(opts.requestId, opts.n);
  return opts.thoughtSignature ? `${base}${SEP}${opts.thoughtSignature}` : base;
}

/** The thought signature carried by a tool call id, if any. */
export function thoughtSignatureOf(toolCallId: string): string | undefined {
  const i = toolCallId.indexOf(SEP);
  return i < 0 ? undefined : toolCallId.slice(i + SEP.length) || undefined;
}
