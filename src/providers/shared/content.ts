import type { ChatMessage, ContentPart } from "../../openai/chat-request.js";

/** Plain text of a message content (string, or the text parts joined). */
export function textOf(content: string | ContentPart[] | null | undefined): string {
  if (content == null) return "";
  if (typeof content === "string") return content;
  return content.map((p) => (p.type === "text" ? p.text : "")).join("");
}

/** Content as a list of parts (a string becomes one text part). */
export function partsOf(content: string | ContentPart[] | null | undefined): ContentPart[] {
  if (content == null) return [];
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  return content;
}

export function imageUrlOf(part: Extract<ContentPart, { type: "image_url" }>): string {
  return typeof part.image_url === "string" ? part.image_url : part.image_url.url;
}

/** System and developer messages joined, and the rest. */
export function splitSystem(messages: ChatMessage[]): { system: string[]; rest: ChatMessage[] } {
  const system: string[] = [];
  const rest: ChatMessage[] = [];
  for (const m of messages) {
    if (m.role === "system" || m.role === "developer") system.push(textOf(m.content));
    else rest.push(m);
  }
  return { system, rest };
}
