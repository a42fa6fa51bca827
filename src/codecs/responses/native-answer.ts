import { z } from "zod";
import type { Usage } from "../../openai/chat-response.js";
import { ResponseObject, ResponseUsage } from "../../responses/response.js";
import { chatUsage } from "./usage.js";

/**
 * What the gateway reads from a native answer, which it passes to the client untouched: the final
 * Response (to store it) and its usage (for cost and spend). A shape it cannot read costs nothing but
 * the record: the client still gets the upstream's bytes.
 */
export interface NativeAnswer {
  response?: ResponseObject;
  usage?: Usage;
}

const UsageOnly = z.looseObject({ usage: ResponseUsage.nullish() });

/** A non-stream answer (the JSON body). */
export function readNativeAnswer(body: unknown): NativeAnswer {
  const full = ResponseObject.safeParse(body);
  if (full.success) return { response: full.data, usage: full.data.usage ? chatUsage(full.data.usage) : undefined };
  const u = UsageOnly.safeParse(body);
  return u.success && u.data.usage ? { usage: chatUsage(u.data.usage) } : {};
}

const TERMINAL = new Set(["response.completed", "response.incomplete", "response.failed"]);
const Terminal = z.looseObject({ type: z.string(), response: z.unknown() });

/**
 * Watches a native stream's events (SSE `event` + `data`) for the one that ends it; only that event is
 * parsed. `answer()` is what it carried once the stream is over.
 */
export class NativeStreamTap {
  private last: NativeAnswer = {};

  onEvent(ev: { event?: string; data: string }): void {
    if (
      ev.event !== undefined
        ? !TERMINAL.has(ev.event)
        : !/"type":\s*"response\.(completed|incomplete|failed)"/.test(ev.data)
    )
      return;
    let json: unknown;
    try {
      json = JSON.parse(ev.data);
    } catch {
      return;
    }
    const t = Terminal.safeParse(json);
    if (t.success && TERMINAL.has(t.data.type)) this.last = readNativeAnswer(t.data.response);
  }

  answer(): NativeAnswer {
    return this.last;
  }
}
