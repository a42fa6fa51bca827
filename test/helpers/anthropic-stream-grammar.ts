import { StreamEvent } from "../../src/anthropic/stream-events.js";

/**
 * A strict checker of Anthropic's Messages stream grammar. It throws, naming the event, on anything out of
 * order, missing or duplicated:
 *   message_start (exactly once, first) · ping (only between message_start and message_stop) ·
 *   per block: content_block_start (index = blocks so far, none open) · content_block_delta (the open
 *   block's index, a delta type that block takes) · content_block_stop (the open block) ·
 *   message_delta (once, no block open) · message_stop (once, after message_delta, last) ·
 *   error (terminal: nothing may follow). A stream must end in message_stop or error.
 * Each event's SSE name must equal its data's `type`, and its data must match the event's schema.
 * A tool_use block's joined input_json_delta must be a JSON object (or empty); no thinking text after
 * a thinking block's signature. It returns the message as a client would assemble it.
 */

export interface SseEvent {
  event: string;
  data: string;
}

export interface AssembledStream {
  /** The message: message_start's, with the blocks and message_delta applied. */
  message: Record<string, unknown> & { content: Array<Record<string, unknown>> };
  /** Each tool_use block's input_json_delta fragments joined, by block index. */
  toolArguments: Record<number, string>;
  /** The error event's body, when the stream ended with one. */
  error?: { type: string; error: { type: string; message: string } };
}

/** `event: x\ndata: y\n\n` text → events (each must have both lines). */
export function parseSseText(text: string): SseEvent[] {
  const out: SseEvent[] = [];
  for (const frame of text.split("\n\n")) {
    if (frame.trim() === "") continue;
    const lines = frame.split("\n");
    const event = lines.find((l) => l.startsWith("event: "))?.slice(7);
    const data = lines.find((l) => l.startsWith("data: "))?.slice(6);
    if (event === undefined || data === undefined) throw new Error(`SSE frame without event or data: ${frame}`);
    out.push({ event, data });
  }
  return out;
}

const DELTAS_OF_BLOCK: Record<string, readonly string[]> = {
  text: ["text_delta", "citations_delta"],
  tool_use: ["input_json_delta"],
  server_tool_use: ["input_json_delta"],
  thinking: ["thinking_delta", "signature_delta"],
};

export function validateAnthropicStream(input: string | ReadonlyArray<SseEvent | { type: string }>): AssembledStream {
  const events: SseEvent[] =
    typeof input === "string"
      ? parseSseText(input)
      : input.map((e) => ("event" in e && "data" in e ? (e as SseEvent) : { event: e.type, data: JSON.stringify(e) }));
  let message: AssembledStream["message"] | undefined;
  let open: { index: number; type: string; signed: boolean } | undefined;
  let blocks = 0;
  let sawDelta = false;
  let sawStop = false;
  const toolArguments: Record<number, string> = {};
  const result = (): AssembledStream => ({ message: message!, toolArguments });

  events.forEach((raw, i) => {
    const where = `event ${i} (${raw.event})`;
    const fail = (why: string): never => {
      throw new Error(`${where}: ${why}`);
    };
    if (sawStop) fail("comes after message_stop");
    let json: unknown;
    try {
      json = JSON.parse(raw.data);
    } catch {
      fail("data is not JSON");
    }
    const parsed = StreamEvent.safeParse(json);
    if (!parsed.success) fail(`data does not match the event schema: ${parsed.error.issues[0]?.message}`);
    const ev = parsed.data!;
    if (ev.type !== raw.event) fail(`SSE name differs from data.type "${ev.type}"`);
    if (ev.type !== "message_start" && ev.type !== "error" && !message) fail("comes before message_start");
    switch (ev.type) {
      case "message_start":
        if (message) fail("duplicate message_start");
        message = { ...structuredClone(ev.message), content: [] };
        break;
      case "ping":
        break;
      case "content_block_start": {
        if (sawDelta) fail("block starts after message_delta");
        if (open) fail(`block ${open.index} is still open`);
        if (ev.index !== blocks) fail(`index ${ev.index}, expected ${blocks}`);
        blocks++;
        open = { index: ev.index, type: ev.content_block.type, signed: false };
        message!.content.push(structuredClone(ev.content_block));
        if (ev.content_block.type === "tool_use" || ev.content_block.type === "server_tool_use")
          toolArguments[ev.index] = "";
        break;
      }
      case "content_block_delta": {
        if (!open || open.index !== ev.index) fail(`delta for block ${ev.index}, which is not open`);
        const allowed = DELTAS_OF_BLOCK[open!.type] ?? [];
        if (!allowed.includes(ev.delta.type)) fail(`${ev.delta.type} in a ${open!.type} block`);
        const block = message!.content[ev.index]!;
        const d = ev.delta;
        if (d.type === "text_delta") block.text = `${block.text as string}${d.text}`;
        if (d.type === "input_json_delta") toolArguments[ev.index] += d.partial_json;
        if (d.type === "thinking_delta") {
          if (open!.signed) fail("thinking after the block's signature");
          block.thinking = `${block.thinking as string}${d.thinking}`;
        }
        if (d.type === "signature_delta") {
          if (open!.signed) fail("second signature for one block");
          open!.signed = true;
          block.signature = d.signature;
        }
        break;
      }
      case "content_block_stop": {
        if (!open || open.index !== ev.index) fail(`stop for block ${ev.index}, which is not open`);
        const args = toolArguments[ev.index];
        if (args !== undefined) {
          let input: unknown = {};
          try {
            if (args !== "") input = JSON.parse(args);
          } catch {
            fail(`tool input is not JSON: ${args}`);
          }
          if (input === null || typeof input !== "object" || Array.isArray(input))
            fail("tool input is not a JSON object");
          message!.content[ev.index]!.input = input;
        }
        open = undefined;
        break;
      }
      case "message_delta":
        if (open) fail(`block ${open.index} is still open`);
        if (sawDelta) fail("duplicate message_delta");
        sawDelta = true;
        Object.assign(message!, ev.delta);
        for (const [k, v] of Object.entries(ev.usage)) {
          if (v !== null && v !== undefined) (message!.usage as Record<string, unknown>)[k] = v;
        }
        break;
      case "message_stop":
        if (!sawDelta) fail("message_stop without message_delta");
        sawStop = true;
        break;
      case "error":
        if (i !== events.length - 1) fail("events follow the error event");
        sawStop = true;
        return;
    }
  });
  const last = events.at(-1);
  if (!last) throw new Error("empty stream");
  if (last.event === "error") return { ...result(), error: JSON.parse(last.data) };
  if (last.event !== "message_stop") throw new Error(`stream ends with ${last.event}, not message_stop or error`);
  return result();
}
