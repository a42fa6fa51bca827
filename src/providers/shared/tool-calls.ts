/**
 * A tool call's `arguments` text as the JSON object vendors want: blank is `{}`; anything that is
 * not a JSON object (invalid JSON, an array, a scalar) is undefined, for the caller to refuse.
 */
export function toolArgumentsObject(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return {};
  let v: unknown;
  try {
    v = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The id of a tool call that came without one: `call_<request>_<n>`, n counting the response's calls. */
export function generatedToolCallId(requestId: string, n: number): string {
  return `call_${requestId.replace(/^chatcmpl-/, "")}_${n}`;
}

/** An OpenAI tool call reduced to the fields vendors with OpenAI-shaped tool calls accept. */
export function plainToolCall(c: { id: string; function: { name: string; arguments: string } }): {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
} {
  return { id: c.id, type: "function", function: { name: c.function.name, arguments: c.function.arguments } };
}
