/**
 * Which answers may be stored: only complete ones. Every choice must have ended on its own
 * ("stop", "tool_calls", "function_call"); "length" (cut at max tokens) only when
 * `cache_truncated_responses` is on; never "content_filter" (a partial answer) or no finish reason
 * (a cut stream).
 */
export function storableFinish(
  choices: ReadonlyArray<{ finish_reason?: string | null }>,
  opts: { storeTruncated: boolean },
): boolean {
  if (choices.length === 0) return false;
  return choices.every(
    (c) =>
      c.finish_reason === "stop" ||
      c.finish_reason === "tool_calls" ||
      c.finish_reason === "function_call" ||
      (c.finish_reason === "length" && opts.storeTruncated),
  );
}
