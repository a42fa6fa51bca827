import type { ToolCall } from "../openai/chat-request.js";
import type {
  ChatCompletion,
  ChatCompletionChunk,
  FinishReason,
  ThinkingBlock,
  Usage,
} from "../openai/chat-response.js";

interface ToolCallParts {
  id?: string;
  name?: string;
  args: string[];
}

interface ChoiceParts {
  content: string[];
  reasoning: string[];
  refusal: string[];
  thinking: ThinkingBlock[];
  tools: Map<number, ToolCallParts>;
  logprobs: unknown[];
  finish: FinishReason | null;
}

/**
 * Chunks → the ChatCompletion they spell, as OpenAI would have answered without `stream`:
 * content, reasoning and refusal text joined, tool calls joined by index (id and name from the
 * first delta that has them, arguments concatenated), thinking blocks kept, logprobs content
 * concatenated, the last finish reason of each choice, usage from the chunks or given at the end.
 */
export class ChatCompletionAssembler {
  private head: Pick<ChatCompletion, "id" | "created" | "model" | "system_fingerprint"> | undefined;
  private readonly choices = new Map<number, ChoiceParts>();
  private usage: Usage | undefined;

  add(chunk: ChatCompletionChunk): void {
    this.head ??= {
      id: chunk.id,
      created: chunk.created,
      model: chunk.model,
      system_fingerprint: chunk.system_fingerprint,
    };
    if (chunk.usage) this.usage = chunk.usage;
    for (const ch of chunk.choices) {
      const parts = this.choice(ch.index);
      const d = ch.delta;
      if (d.content) parts.content.push(d.content);
      if (d.reasoning_content) parts.reasoning.push(d.reasoning_content);
      if (d.refusal) parts.refusal.push(d.refusal);
      if (d.thinking_blocks) parts.thinking.push(...d.thinking_blocks);
      for (const tc of d.tool_calls ?? []) {
        let t = parts.tools.get(tc.index);
        if (!t) {
          t = { args: [] };
          parts.tools.set(tc.index, t);
        }
        t.id ??= tc.id;
        t.name ??= tc.function?.name;
        if (tc.function?.arguments) t.args.push(tc.function.arguments);
      }
      const lp = ch.logprobs as { content?: unknown[] } | null | undefined;
      if (lp && Array.isArray(lp.content)) parts.logprobs.push(...lp.content);
      if (ch.finish_reason) parts.finish = ch.finish_reason;
    }
  }

  /** The assembled completion; undefined when no chunk came. `usage` fills in usage the chunks did not carry. */
  result(usage?: Usage): ChatCompletion | undefined {
    if (!this.head) return undefined;
    const choices = [...this.choices.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, p]) => {
        const toolCalls: ToolCall[] = [...p.tools.entries()]
          .sort(([a], [b]) => a - b)
          .map(([, t], i) => ({
            id: t.id ?? `call_${i}`,
            type: "function" as const,
            function: { name: t.name ?? "", arguments: t.args.join("") },
          }));
        const message: ChatCompletion["choices"][number]["message"] = {
          role: "assistant",
          content: p.content.length ? p.content.join("") : null,
        };
        if (p.refusal.length) message.refusal = p.refusal.join("");
        if (toolCalls.length) message.tool_calls = toolCalls;
        if (p.reasoning.length) message.reasoning_content = p.reasoning.join("");
        if (p.thinking.length) message.thinking_blocks = p.thinking;
        const choice: ChatCompletion["choices"][number] = { index, message, finish_reason: p.finish };
        if (p.logprobs.length) choice.logprobs = { content: p.logprobs };
        return choice;
      });
    const out: ChatCompletion = { ...this.head, object: "chat.completion", choices };
    if (out.system_fingerprint == null) delete out.system_fingerprint;
    const u = this.usage ?? usage;
    if (u) out.usage = u;
    return out;
  }

  private choice(index: number): ChoiceParts {
    let c = this.choices.get(index);
    if (!c) {
      c = { content: [], reasoning: [], refusal: [], thinking: [], tools: new Map(), logprobs: [], finish: null };
      this.choices.set(index, c);
    }
    return c;
  }
}
