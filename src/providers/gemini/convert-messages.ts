import type { ChatMessage, ContentPart } from "../../openai/chat-request.js";
import { BadRequestError } from "../../errors/gateway-error.js";
import { imageUrlOf, partsOf, splitSystem, textOf } from "../shared/content.js";
import { normalizeBase64 } from "../shared/media.js";
import type { GeminiContent, GeminiRequestPart } from "./api.js";
import { toMediaPart } from "./media-part.js";
import { usesThinkingLevels } from "./thinking.js";
import { thoughtSignatureOf } from "./tool-call-id.js";

export interface GeminiMessages {
  systemInstruction?: { parts: Array<{ text: string }> };
  contents: GeminiContent[];
}

interface MediaOpts {
  fetch: typeof fetch;
  signal?: AbortSignal;
}

interface MessageOpts extends MediaOpts {
  /** Vendor model id: Gemini 3+ needs thought signatures on replayed function calls. */
  model: string;
}

type PartOrPending = GeminiRequestPart | Promise<GeminiRequestPart>;

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** A pending download marked handled, so a later synchronous error cannot leave it an unhandled rejection. */
function pending(p: Promise<GeminiRequestPart>): Promise<GeminiRequestPart> {
  p.catch(() => undefined);
  return p;
}

function userPart(p: ContentPart, opts: MediaOpts): PartOrPending | undefined {
  switch (p.type) {
    case "text":
      return p.text === "" ? undefined : { text: p.text };
    case "image_url": {
      const format = typeof p.image_url === "object" ? str(p.image_url.format) : undefined;
      return pending(toMediaPart(imageUrlOf(p), { ...opts, mimeType: format }));
    }
    case "input_audio": {
      const fmt = p.input_audio.format.toLowerCase();
      const data = normalizeBase64(p.input_audio.data, "input_audio.data");
      return { inlineData: { mimeType: fmt.includes("/") ? fmt : `audio/${fmt}`, data } };
    }
    case "file": {
      const f = p.file;
      const uri = str(f.file_data) ?? str(f.file_id);
      if (!uri)
        throw new BadRequestError("a file content part needs file_data or file_id", {
          param: "messages",
          code: "invalid_file",
        });
      return pending(toMediaPart(uri, { ...opts, mimeType: str(f.format), field: "file.file_data" }));
    }
    default:
      return undefined; // thinking blocks in user turns carry nothing Gemini can use
  }
}

function parseArgs(args: string, name: string): Record<string, unknown> {
  if (args.trim() === "") return {};
  let v: unknown;
  try {
    v = JSON.parse(args);
  } catch {
    throw new BadRequestError(`tool call "${name}" has arguments that are not valid JSON`, {
      param: "messages",
      code: "invalid_tool_arguments",
    });
  }
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
}

/** A tool result as a functionResponse `response` object: a JSON object is passed as is, anything else is `{content}`. */
function responseObject(text: string): Record<string, unknown> {
  const t = text.trim();
  if (t.startsWith("{")) {
    try {
      const v: unknown = JSON.parse(t);
      if (typeof v === "object" && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // not JSON: wrap as text
    }
  }
  return { content: text };
}

/** Google's documented stand-in for a thought signature lost with history from elsewhere. */
export const SKIP_SIGNATURE = "skip_thought_signature_validator";

/**
 * Gemini 3 rejects a replayed model turn whose function calls carry no thought signature; history
 * that did not come from Gemini (or lost its ids) gets the documented sentinel on its first call.
 */
function assistantParts(
  m: Extract<ChatMessage, { role: "assistant" }>,
  opts: { needsSignature: boolean },
): GeminiRequestPart[] {
  const parts: GeminiRequestPart[] = [];
  const text = textOf(m.content ?? null);
  if (text) parts.push({ text });
  const calls = m.tool_calls ?? [];
  const anySigned = calls.some((tc) => thoughtSignatureOf(tc.id) !== undefined);
  calls.forEach((tc, i) => {
    const sig =
      thoughtSignatureOf(tc.id) ?? (opts.needsSignature && !anySigned && i === 0 ? SKIP_SIGNATURE : undefined);
    const call = { functionCall: { name: tc.function.name, args: parseArgs(tc.function.arguments, tc.function.name) } };
    parts.push(sig ? { ...call, thoughtSignature: sig } : call);
  });
  return parts;
}

/**
 * OpenAI messages → Gemini `contents` + `systemInstruction`. System and developer messages are hoisted;
 * assistant turns are role "model"; tool results become functionResponse parts named after the call
 * they answer; consecutive turns of one role are merged (parallel tool results share one turn).
 * Remote media are fetched in parallel.
 */
export async function toGeminiMessages(messages: ChatMessage[], opts: MessageOpts): Promise<GeminiMessages> {
  const needsSignature = usesThinkingLevels(opts.model);
  const { system, rest } = splitSystem(messages);
  const toolNames = new Map<string, string>();
  for (const m of rest)
    if (m.role === "assistant") for (const tc of m.tool_calls ?? []) toolNames.set(tc.id, tc.function.name);

  const turns: Array<{ role: GeminiContent["role"]; parts: PartOrPending[] }> = [];
  const push = (role: GeminiContent["role"], parts: PartOrPending[]) => {
    if (parts.length === 0) return;
    const last = turns[turns.length - 1];
    if (last && last.role === role) last.parts.push(...parts);
    else turns.push({ role, parts });
  };
  for (const m of rest) {
    switch (m.role) {
      case "user":
        push(
          "user",
          partsOf(m.content)
            .map((p) => userPart(p, opts))
            .filter((p): p is PartOrPending => p !== undefined),
        );
        break;
      case "assistant":
        push("model", assistantParts(m, { needsSignature }));
        break;
      case "tool": {
        const name = toolNames.get(m.tool_call_id);
        if (!name)
          throw new BadRequestError(
            `tool message with tool_call_id "${m.tool_call_id}" answers no assistant tool call`,
            { param: "messages", code: "invalid_tool_call_id" },
          );
        push("user", [{ functionResponse: { name, response: responseObject(textOf(m.content)) } }]);
        break;
      }
      case "function":
        push("user", [{ functionResponse: { name: m.name, response: responseObject(m.content ?? "") } }]);
        break;
    }
  }
  const contents = await Promise.all(turns.map(async (t) => ({ role: t.role, parts: await Promise.all(t.parts) })));
  const sys = system.filter((s) => s !== "").map((text) => ({ text }));
  if (contents.length === 0 && sys.length > 0) return { contents: [{ role: "user", parts: sys }] };
  return sys.length ? { systemInstruction: { parts: sys }, contents } : { contents };
}
