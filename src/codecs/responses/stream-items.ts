import type { ThinkingBlock } from "../../openai/chat-response.js";
import type { OutputItem } from "../../responses/items.js";
import { functionCallItem, messageItem, reasoningItem, refusalPart, textPart } from "./output-items.js";

/** The output item a stream encoder is building: what its events have carried so far. */
export type OpenItem = OpenReasoning | OpenMessage | OpenCall;

export interface OpenReasoning {
  kind: "reasoning";
  index: number;
  id: string;
  text: string;
  thinking: ThinkingBlock[];
  /** A summary part was announced (the client asked for a summary and text came). */
  partOpen: boolean;
}

export interface OpenMessage {
  kind: "message";
  index: number;
  id: string;
  text: string | null;
  refusal: string | null;
  /** The open part, and the parts in the order they were added (their content_index). */
  part?: "text" | "refusal";
  order: Array<"text" | "refusal">;
}

export interface OpenCall {
  kind: "call";
  index: number;
  id: string;
  /** The chat tool call index it collects. */
  callIndex: number;
  callId: string;
  name: string;
  args: string;
}

/**
 * The item as it stands, built by the same builders as the non-stream translation; `added` gives the
 * empty form `response.output_item.added` carries.
 */
export function itemSnapshot(
  o: OpenItem,
  opts: { status: "in_progress" | "completed" | "incomplete"; added?: boolean; showSummary: boolean; provider: string },
): OutputItem {
  switch (o.kind) {
    case "reasoning":
      return opts.added
        ? { id: o.id, type: "reasoning", summary: [] }
        : reasoningItem({
            id: o.id,
            text: o.text,
            showSummary: opts.showSummary,
            thinking: o.thinking,
            provider: opts.provider,
          });
    case "message": {
      const parts = opts.added
        ? []
        : o.order.map((p) => (p === "text" ? textPart(o.text ?? "") : refusalPart(o.refusal ?? "")));
      return messageItem({ id: o.id, status: opts.status, parts });
    }
    case "call":
      return functionCallItem({
        id: o.id,
        callId: o.callId,
        name: o.name,
        args: opts.added ? "" : o.args,
        status: opts.status,
      });
  }
}
