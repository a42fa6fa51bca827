import { z } from "zod";
import type { ChatCompletion, ChatCompletionChunk, FinishReason, Usage } from "../../openai/chat-response.js";
import type { TextCompletion, TextCompletionChoice } from "../../openai/completions.js";

/** How one part's chat answer maps into the legacy answer: where its choices go and what they gain. */
export interface PartShape {
  /** Index of the part's first choice (prompt p of a list, n choices each: p × n). */
  indexBase: number;
  /** The prompt, when the client asked for it echoed before the completion. */
  echo: string | null;
  /** Whether the choices carry chat logprobs to turn into the legacy shape (translated requests). */
  legacyLogprobs: boolean;
}

export const NATIVE_SHAPE: PartShape = { indexBase: 0, echo: null, legacyLogprobs: false };

const ChatLogprobs = z.looseObject({
  content: z
    .array(
      z.looseObject({
        token: z.string(),
        logprob: z.number(),
        top_logprobs: z.array(z.looseObject({ token: z.string(), logprob: z.number() })).nullish(),
      }),
    )
    .nullish(),
});

/** Legacy logprobs: tokens, their logprobs, the top alternatives as a map, and each token's offset in the text. */
export interface LegacyLogprobs {
  tokens: string[];
  token_logprobs: number[];
  top_logprobs: Array<Record<string, number>>;
  text_offset: number[];
}

/** Chat logprobs (`content: [{token, logprob, top_logprobs}]`) in the legacy shape, offsets counted from `offset`. */
export function legacyLogprobs(chat: unknown, offset: number): LegacyLogprobs | null {
  const p = ChatLogprobs.safeParse(chat);
  if (!p.success || !p.data.content) return null;
  const out: LegacyLogprobs = { tokens: [], token_logprobs: [], top_logprobs: [], text_offset: [] };
  let at = offset;
  for (const t of p.data.content) {
    out.tokens.push(t.token);
    out.token_logprobs.push(t.logprob);
    out.top_logprobs.push(Object.fromEntries((t.top_logprobs ?? []).map((x) => [x.token, x.logprob])));
    out.text_offset.push(at);
    at += t.token.length;
  }
  return out;
}

/** Chat's finish reasons in legacy terms (a chat model asked no tools; anything else ends as "stop"). */
export function legacyFinish(f: FinishReason | null): TextCompletionChoice["finish_reason"] {
  return f === null || f === "length" || f === "content_filter" ? f : "stop";
}

/** The sum of the parts' usages (one chat call per prompt). */
export function summedUsage(usages: ReadonlyArray<Usage | null | undefined>): Usage | undefined {
  let out: Usage | undefined;
  for (const u of usages) {
    if (!u) continue;
    out = {
      prompt_tokens: (out?.prompt_tokens ?? 0) + u.prompt_tokens,
      completion_tokens: (out?.completion_tokens ?? 0) + u.completion_tokens,
      total_tokens: (out?.total_tokens ?? 0) + u.total_tokens,
    };
  }
  return out;
}

/** One part's choices as legacy choices. */
function choicesOf(c: ChatCompletion, shape: PartShape): TextCompletionChoice[] {
  return c.choices.map((ch) => {
    const content = ch.message.content ?? "";
    const text = shape.echo === null ? content : shape.echo + content;
    const logprobs = shape.legacyLogprobs ? legacyLogprobs(ch.logprobs, 0) : (ch.logprobs ?? null);
    return { text, index: shape.indexBase + ch.index, logprobs, finish_reason: legacyFinish(ch.finish_reason) };
  });
}

/** The legacy `text_completion` answer from one chat answer per part. */
export function renderTextCompletion(
  parts: ReadonlyArray<{ completion: ChatCompletion; shape: PartShape }>,
): TextCompletion {
  const first = parts[0]!.completion;
  const out: TextCompletion = {
    id: first.id,
    object: "text_completion",
    created: first.created,
    model: first.model,
    choices: parts.flatMap((p) => choicesOf(p.completion, p.shape)).sort((a, b) => a.index - b.index),
  };
  const usage = summedUsage(parts.map((p) => p.completion.usage));
  if (usage) out.usage = usage;
  if (first.system_fingerprint) out.system_fingerprint = first.system_fingerprint;
  return out;
}

/** A chat chunk (already re-indexed and in legacy logprobs) as the client's `text_completion` chunk. */
export function renderTextChunk(c: ChatCompletionChunk): unknown {
  const out: Record<string, unknown> = {
    id: c.id,
    object: "text_completion",
    created: c.created,
    model: c.model,
    choices: c.choices.map((ch) => ({
      text: ch.delta.content ?? "",
      index: ch.index,
      logprobs: ch.logprobs ?? null,
      finish_reason: legacyFinish(ch.finish_reason),
    })),
  };
  if (c.system_fingerprint) out.system_fingerprint = c.system_fingerprint;
  if (c.usage) out.usage = c.usage;
  return out;
}
