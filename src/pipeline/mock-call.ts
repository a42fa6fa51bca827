import { z } from "zod";
import {
  BadRequestError,
  type GatewayError,
  InternalServerError,
  RateLimitError,
  TimeoutError,
} from "../errors/gateway-error.js";
import type { ChatCompletionRequest } from "../openai/chat-request.js";
import { ChatCompletion, type ChatCompletionChunk } from "../openai/chat-response.js";
import type { Deployment } from "../providers/deployment.js";
import type { RuntimeConfig } from "../runtime-config.js";
import type { CallResult } from "../upstream/call-provider.js";

/**
 * LiteLLM's test parameters, acted on as LiteLLM does and never sent to a vendor:
 * - `mock_response` (request, or a deployment's litellm_params): chat is answered with that text, no
 *   upstream call, at no cost;
 * - `mock_testing_fallbacks`: the request's own model group fails, so its fallbacks answer;
 * - `mock_testing_rate_limit_error`: a 429; `mock_timeout`: a 408.
 * Forced failures are never retried and never held against a deployment. Requests may carry them
 * unless `general_settings.allow_mock_requests: false`, which refuses them with a 400.
 */
export interface MockFields {
  mock_response?: string | Record<string, unknown> | null;
  mock_testing_fallbacks?: boolean | null;
  mock_testing_rate_limit_error?: boolean | null;
  mock_timeout?: boolean | null;
}

const MOCK_FIELDS = [
  "mock_response",
  "mock_testing_fallbacks",
  "mock_testing_rate_limit_error",
  "mock_timeout",
] as const;

/** LiteLLM's usage for a mock answer. */
const MOCK_USAGE = { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 };

/** A 400 when the config turns test parameters off and the request carries one. */
export function checkMockAllowed(cfg: RuntimeConfig, req: MockFields): void {
  if (cfg.raw.general_settings.allow_mock_requests !== false) return;
  for (const f of MOCK_FIELDS) {
    if (req[f] !== undefined && req[f] !== null && req[f] !== false) {
      throw new BadRequestError(`"${f}" is turned off on this gateway (general_settings.allow_mock_requests)`, {
        param: f,
        code: "mock_requests_disabled",
      });
    }
  }
}

/** The failure a test parameter asks for on this attempt, if any. */
export function mockFailure(req: MockFields, o: { inPrimaryGroup: boolean }): GatewayError | undefined {
  if (req.mock_testing_rate_limit_error) {
    return new RateLimitError("mock_testing_rate_limit_error: a rate-limit error the request asked for", {
      code: "mock_rate_limit_error",
      mock: true,
    });
  }
  if (req.mock_timeout) {
    return new TimeoutError("mock_timeout: a timeout the request asked for", { code: "mock_timeout", mock: true });
  }
  if (req.mock_testing_fallbacks && o.inPrimaryGroup) {
    return new InternalServerError("mock_testing_fallbacks: a failure of the model group the request asked for", {
      code: "mock_testing_fallbacks",
      mock: true,
    });
  }
  return undefined;
}

const MockCompletion = ChatCompletion.partial({ id: true, created: true, object: true, model: true, usage: true });

/** A chat answer from `mock_response` (the request's, else the deployment's), or undefined to call the vendor. */
export function mockAnswer(o: {
  request: ChatCompletionRequest & MockFields;
  deployment: Deployment;
  requestId: string;
  now: number;
}): CallResult | undefined {
  const mock = o.request.mock_response ?? o.deployment.params.mock_response;
  if (mock === undefined || mock === null) return undefined;
  const created = Math.floor(o.now / 1000);
  const completion =
    typeof mock === "string" ? completionOf(mock, o.deployment.model, o.requestId, created) : parsed(mock);
  completion.id ||= o.requestId;
  completion.model ||= o.deployment.model;
  completion.created ||= created;
  completion.usage ??= MOCK_USAGE;
  if (o.request.stream !== true) return { kind: "json", completion, free: true };
  const chunks = chunksOf(completion);
  return {
    kind: "stream",
    head: chunks,
    source: { next: async () => null, cancel: async () => {} },
    free: true,
  };
}

function completionOf(text: string, model: string, id: string, created: number): ChatCompletion {
  return {
    id,
    object: "chat.completion",
    created,
    model,
    choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop", logprobs: null }],
    usage: MOCK_USAGE,
  };
}

function parsed(mock: Record<string, unknown>): ChatCompletion {
  const r = MockCompletion.safeParse({ object: "chat.completion", ...mock });
  if (!r.success) {
    throw new BadRequestError(`mock_response: ${z.prettifyError(r.error).split("\n")[0]}`, {
      param: "mock_response",
      code: "invalid_request",
    });
  }
  return r.data as ChatCompletion;
}

/** A completion as the chunks a stream of it would carry (role, content, finish reason, usage). */
function chunksOf(c: ChatCompletion): ChatCompletionChunk[] {
  const base = { id: c.id, object: "chat.completion.chunk" as const, created: c.created, model: c.model };
  const out: ChatCompletionChunk[] = [];
  for (const ch of c.choices) {
    const content = typeof ch.message.content === "string" ? ch.message.content : "";
    out.push({ ...base, choices: [{ index: ch.index, delta: { role: "assistant", content }, finish_reason: null }] });
    out.push({ ...base, choices: [{ index: ch.index, delta: {}, finish_reason: ch.finish_reason ?? "stop" }] });
  }
  if (c.usage) out.push({ ...base, choices: [], usage: c.usage });
  return out;
}
