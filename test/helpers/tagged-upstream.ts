import type { ServerResponse } from "node:http";
import { sendJson, startMockUpstream, type MockUpstream, type RecordedRequest } from "./mock-upstream.js";

/**
 * One loopback OpenAI mock standing in for many deployments: a deployment's api_base is
 * `<url>/<tag>/v1`, and each tag has its own behaviour and call log (with arrival times).
 */
export interface TaggedUpstream {
  mock: MockUpstream;
  base(tag: string): string;
  on(tag: string, b: (res: ServerResponse, req: RecordedRequest, n: number) => void): void;
  calls(tag: string): Array<{ at: number; req: RecordedRequest }>;
  /** A model_list entry (YAML) serving `group` from `tag`, model_info.id = tag; `extra` adds litellm_params. */
  deployment(group: string, tag: string, extra?: string): string;
  close(): Promise<void>;
}

export async function startTaggedUpstream(): Promise<TaggedUpstream> {
  const behaviours = new Map<string, (res: ServerResponse, req: RecordedRequest, n: number) => void>();
  const log = new Map<string, Array<{ at: number; req: RecordedRequest }>>();
  const mock = await startMockUpstream((req, res) => {
    const tag = req.path.split("/")[1] ?? "";
    const list = log.get(tag) ?? [];
    log.set(tag, list);
    list.push({ at: Date.now(), req });
    const b = behaviours.get(tag);
    if (b) b(res, req, list.length);
    else sendJson(res, 200, completion(`hello from ${tag}`));
  });
  const base = (tag: string) => `${mock.url}/${tag}/v1`;
  return {
    mock,
    base,
    on: (tag, b) => void behaviours.set(tag, b),
    calls: (tag) => log.get(tag) ?? [],
    deployment: (group, tag, extra = "") =>
      `  - model_name: ${group}\n    litellm_params: { model: openai/m, api_key: sk-${tag}, api_base: ${base(tag)}${extra ? `, ${extra}` : ""} }\n    model_info: { id: ${tag} }`,
    close: () => mock.close(),
  };
}

export function completion(content: string) {
  return {
    id: "chatcmpl-mock",
    object: "chat.completion",
    created: 1_700_000_000,
    model: "m",
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
  };
}

/** One SSE frame of a chat.completion.chunk. */
export function chunkFrame(delta: Record<string, unknown>, finish: string | null = null): string {
  return `data: ${JSON.stringify({ id: "chatcmpl-mock", object: "chat.completion.chunk", created: 1_700_000_000, model: "m", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

/** A whole, well-formed stream of `words`. */
export function streamOf(res: ServerResponse, words: string[]): void {
  res.writeHead(200, { "content-type": "text/event-stream" });
  res.write(chunkFrame({ role: "assistant", content: "" }));
  for (const w of words) res.write(chunkFrame({ content: w }));
  res.write(chunkFrame({}, "stop"));
  res.end("data: [DONE]\n\n");
}
