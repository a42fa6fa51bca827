import { BadRequestError } from "../../errors/gateway-error.js";
import type { EmbeddingsInput, EmbeddingsResponse } from "../../openai/embeddings.js";

/**
 * The text inputs of an embeddings request for a vendor that takes text only: a lone string is a
 * list of one; token arrays (which only OpenAI-style vendors read) are a 400 naming the provider.
 */
export function textInputsOf(input: EmbeddingsInput, provider: string): string[] {
  if (typeof input === "string") return [input];
  const texts: string[] = [];
  for (const x of input) {
    if (typeof x !== "string") {
      throw new BadRequestError(`${provider} embeds text only: send input as a string or an array of strings`, {
        param: "input",
        code: "invalid_input",
      });
    }
    texts.push(x);
  }
  return texts;
}

/**
 * Prompt tokens when a vendor reports none: one token per 4 UTF-16 characters of each text,
 * rounded up (the rule of thumb the vendors quote for English text; a vendor's own tokenizer may
 * count a little differently). Used for spend and limits only, never sent to the vendor.
 */
export function estimatedTokens(texts: readonly string[]): number {
  let n = 0;
  for (const t of texts) n += Math.ceil(t.length / 4);
  return n;
}

/** Float vectors in request order as OpenAI's embeddings answer. */
export function embeddingsAnswer(opts: {
  vectors: number[][];
  model: string;
  promptTokens: number;
}): EmbeddingsResponse {
  return {
    object: "list",
    data: opts.vectors.map((v, index) => ({ object: "embedding", index, embedding: v })),
    model: opts.model,
    usage: { prompt_tokens: opts.promptTokens, total_tokens: opts.promptTokens },
  };
}
