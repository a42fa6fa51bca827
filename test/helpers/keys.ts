import type { ServerResponse } from "node:http";
import type { TestGateway } from "./gateway.js";
import { sendJson, sendSse } from "./mock-upstream.js";

/** Helpers for the virtual key / budget integration tests. */

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}
export const usage = (prompt: number, completion: number): Usage => ({
  prompt_tokens: prompt,
  completion_tokens: completion,
  total_tokens: prompt + completion,
});

/** An OpenAI chat completion with the given usage. */
export function replyJson(res: ServerResponse, u: Usage): void {
  sendJson(res, 200, {
    id: "chatcmpl-up",
    object: "chat.completion",
    created: 1,
    model: "test-model",
    choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
    usage: u,
  });
}

/** An OpenAI stream whose last chunk carries the usage (as with stream_options.include_usage). */
export function replySse(res: ServerResponse, u: Usage): void {
  const base = { id: "chatcmpl-up", object: "chat.completion.chunk", created: 1, model: "test-model" };
  sendSse(res, [
    { ...base, choices: [{ index: 0, delta: { role: "assistant", content: "o" }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: { content: "k" }, finish_reason: "stop" }] },
    { ...base, choices: [], usage: u },
    "data: [DONE]\n\n",
  ]);
}

export async function json<T = Record<string, any>>(res: Response): Promise<T> {
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`not JSON (${res.status}): ${text.slice(0, 200)}`);
  }
}

/** POST a management call with the master key; fails the test on a non-200. */
export async function admin<T = Record<string, any>>(gw: TestGateway, path: string, body?: unknown): Promise<T> {
  const res = await gw.call(path, body === undefined ? {} : { body });
  if (res.status !== 200) throw new Error(`${path} → ${res.status}: ${await res.text()}`);
  return json<T>(res);
}

export async function newKey(
  gw: TestGateway,
  body: Record<string, unknown> = {},
): Promise<{ key: string; token: string; token_id: string; key_name: string } & Record<string, any>> {
  return admin(gw, "/key/generate", body);
}

export function chat(gw: TestGateway, key: string, body: Record<string, unknown> = {}): Promise<Response> {
  return gw.call("/v1/chat/completions", {
    headers: { authorization: `Bearer ${key}` },
    body: { model: "priced", messages: [{ role: "user", content: "hi" }], max_tokens: 100, ...body },
  });
}

/** Poll until `probe` returns something other than undefined (deferred work lands after the response). */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Spend in integer micro-dollars from a USD float the API returns. */
export const micros = (usd: number) => Math.round(usd * 1_000_000);

/**
 * Deployments priced per token (no table row, so nothing else applies): "priced" costs 0 per input
 * token and 1 µ$ per output token; "pricey" 2 µ$ per output token.
 */
export function pricedModels(upstream: string): string {
  return `
  - model_name: priced
    litellm_params: { model: openai/test-model, api_key: sk-upstream, api_base: ${upstream}/v1, input_cost_per_token: 0, output_cost_per_token: 0.000001 }
  - model_name: pricey
    litellm_params: { model: openai/test-model-b, api_key: sk-upstream, api_base: ${upstream}/v1, input_cost_per_token: 0, output_cost_per_token: 0.000002 }`;
}

/** A call with the given key (any method; POST when there is a body). */
export function callAs(
  gw: TestGateway,
  key: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<Response> {
  return gw.call(path, { ...init, headers: { authorization: `Bearer ${key}` } });
}

/** A management call with the given key that must succeed; its JSON. */
export async function adminAs<T = Record<string, any>>(
  gw: TestGateway,
  key: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await callAs(gw, key, path, body === undefined ? {} : { body });
  if (res.status !== 200) throw new Error(`${path} → ${res.status}: ${await res.text()}`);
  return json<T>(res);
}
