import { EmbeddingList } from "../../cache/embedding-batch.js";
import type { Deps } from "../../deps.js";
import type { EmbeddingsRequest, EmbeddingsResponse } from "../../openai/embeddings.js";
import type { Principal } from "../../state/principal.js";
import type { Operation, RequestBody } from "../operation.js";
import { embeddingsOperation } from "../operations/embeddings.js";
import { base64ToFloats } from "../operations/float-vectors.js";

/** The semantic cache could not embed a prompt: the request goes on with the exact cache only. */
export class SemanticEmbeddingFailed extends Error {}

/** The spine, as the semantic cache reaches it: one embeddings request, answered as a Response. */
export type EmbeddingSpine = (
  op: Operation<EmbeddingsRequest, EmbeddingsResponse>,
  input: { principal: Principal; body: RequestBody; requestId: string },
) => Promise<Response>;

/**
 * The caller's principal for the cache's own embedding request: charged to the same accounts
 * (budgets, limits, spend records), but not limited to the caller's models, since the gateway, not
 * the caller, chose the embedding model group.
 */
function embeddingPrincipal(p: Principal): Principal {
  return p.kind === "virtual" ? { ...p, models: [], allowLists: undefined, aliases: {} } : p;
}

/**
 * The semantic cache's `embed`: the prompt's text through the configured embedding model group as
 * an embeddings request of its own through the spine (routed, budgeted and logged like any
 * request). It waits for the request's own admission first: a refused request embeds nothing.
 * A failed embedding is a SemanticEmbeddingFailed (logged), so the request falls back to the exact cache.
 */
export function semanticEmbedder(opts: {
  deps: Deps;
  principal: Principal;
  model: string;
  admitted: Promise<unknown>;
  spine: EmbeddingSpine;
}): (text: string) => Promise<number[]> {
  const { deps } = opts;
  return async (text) => {
    await opts.admitted;
    const requestId = deps.id("embd");
    try {
      const res = await opts.spine(embeddingsOperation, {
        principal: embeddingPrincipal(opts.principal),
        body: { kind: "json", text: JSON.stringify({ model: opts.model, input: text }) },
        requestId,
      });
      const list = EmbeddingList.parse(await res.json());
      const v = list.data[0]?.embedding;
      if (v === undefined) throw new Error("the embedding answer has no data");
      return typeof v === "string" ? base64ToFloats(v) : v;
    } catch (e) {
      deps.log.warn("the semantic cache could not embed the prompt; using the exact cache only", {
        embedding_request_id: requestId,
        error: e instanceof Error ? e.message : String(e),
      });
      throw new SemanticEmbeddingFailed("embedding failed");
    }
  };
}
