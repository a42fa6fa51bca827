import { modeOf } from "../../accounting/model-mode.js";
import { BadRequestError } from "../../errors/gateway-error.js";
import { ChatCompletionRequest } from "../../openai/chat-request.js";
import type { TextCompletionRequest } from "../../openai/completions.js";
import type { Deployment } from "../../providers/deployment.js";
import { validated } from "../parse-request.js";

/**
 * Whether a deployment serves legacy completions natively: its provider has the adapter and its
 * model is a completion model (or of unknown mode, as on a vLLM host). Chat models are translated.
 */
export function servesNatively(d: Deployment): boolean {
  if (!d.adapter.textCompletion) return false;
  if (!d.adapter.chat) return true;
  const mode = modeOf(d);
  return mode === undefined || mode === "completion";
}

/** The prompts of a request as text; token-id prompts have no text to give a chat model (400). */
export function promptTexts(r: TextCompletionRequest): string[] {
  const p = r.prompt;
  if (typeof p === "string") return [p];
  if (p.every((x): x is string => typeof x === "string")) return p;
  throw new BadRequestError(
    'a "prompt" of token ids needs a model that serves text completions natively; this one is a chat model (send the prompt as text)',
    { param: "prompt", code: "unsupported_parameter" },
  );
}

/** Legacy-only parameters a chat model cannot honour: refused with a 400 naming them, or dropped under drop_params. */
function refusedForChat(r: TextCompletionRequest): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (r.suffix) out.push(["suffix", "a chat model cannot insert text before a suffix"]);
  if ((r.best_of ?? 1) > 1) out.push(["best_of", "a chat model cannot return the best of several completions"]);
  if (r.echo && r.logprobs != null)
    out.push(["logprobs", "a chat model gives no log probabilities for an echoed prompt"]);
  return out;
}

/** The legacy request as one chat request per prompt (the prompt as the user's message), for a chat deployment. */
export function chatRequestsFor(
  r: TextCompletionRequest,
  opts: { dropParams: boolean; modelName: string },
): ChatCompletionRequest[] {
  const prompts = promptTexts(r);
  const drop = new Set<string>();
  for (const [param, why] of refusedForChat(r)) {
    if (!opts.dropParams)
      throw new BadRequestError(
        `"${param}" is not supported on model "${opts.modelName}": ${why}; remove it or set litellm_settings.drop_params: true`,
        { param, code: "unsupported_parameter" },
      );
    drop.add(param);
  }
  const { prompt: _prompt, suffix: _suffix, echo: _echo, best_of: _bestOf, logprobs, ...rest } = r;
  const base: Record<string, unknown> = { ...rest };
  if (logprobs != null && !drop.has("logprobs")) {
    base.logprobs = true;
    if (logprobs > 0) base.top_logprobs = logprobs;
  }
  return prompts.map((prompt) =>
    validated(ChatCompletionRequest, { ...base, messages: [{ role: "user", content: prompt }] }),
  );
}
