import { z } from "zod";

const Sample = z.tuple([z.number(), z.number()]);
// Built once: these parse inside each row's transforms.
const Samples = z.array(Sample);
const Failures = z.array(z.number());
const LastError = z.object({ kind: z.string(), status: z.number(), at: z.number() });

/** One deployment's persisted routing state (a row of the router-state Durable Object's SQLite table). */
export const DeploymentRow = z.object({
  id: z.string(),
  requests: z.string().transform((s, ctx) => parseJson(s, Samples, ctx)),
  tokens: z.string().transform((s, ctx) => parseJson(s, Samples, ctx)),
  cooldown_until: z.number(),
  cooldown_reason: z.string().nullable(),
  failures: z.string().transform((s, ctx) => parseJson(s, Failures, ctx)),
  latency: z.string().transform((s, ctx) => parseJson(s, Samples, ctx)),
  ttft: z.string().transform((s, ctx) => parseJson(s, Samples, ctx)),
  successes: z.number().int(),
  failed: z.number().int(),
  last_error: z
    .string()
    .nullable()
    .transform((s, ctx) => (s === null ? null : parseJson(s, LastError, ctx))),
});
export type DeploymentRow = z.infer<typeof DeploymentRow>;

function parseJson<T>(text: string, schema: z.ZodType<T>, ctx: z.RefinementCtx): T {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    ctx.addIssue({ code: "custom", message: "not JSON" });
    return z.NEVER;
  }
  const r = schema.safeParse(v);
  if (r.success) return r.data;
  ctx.addIssue({ code: "custom", message: r.error.issues[0]?.message ?? "invalid" });
  return z.NEVER;
}
