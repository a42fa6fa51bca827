import { z } from "zod";

/** Minimal zod of the Vertex AI `predict` shapes the gateway reads (Gemini and Claude shapes live with their providers). */

/** Text embeddings `predict`: one prediction per instance, with the tokens it counted. */
export const VertexEmbeddingPredictions = z.looseObject({
  predictions: z.array(
    z.looseObject({
      embeddings: z.looseObject({
        values: z.array(z.number()),
        statistics: z.looseObject({ token_count: z.number().nullish() }).nullish(),
      }),
    }),
  ),
});
