import { z } from "zod";
import { DateParam, Name } from "./schema-parts.js";

/** Query parameters of the dashboard's report routes (src/admin/activity-routes.ts). */

const DAY_MS = 86_400_000;
/** Reports cover at most this long a range. */
export const MAX_RANGE_DAYS = 400;

/** A time: epoch milliseconds, "YYYY-MM-DD" (UTC midnight) or an ISO-8601 time. */
const Time = z.union([z.string().regex(/^\d{1,15}$/), DateParam]).transform((s) => {
  if (/^\d{1,15}$/.test(s)) return Number(s);
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(`${s}T00:00:00Z`) : Date.parse(s);
});

/** `start` (default: 7 days before `end`) up to `end` (default: now), at most MAX_RANGE_DAYS apart. */
function checkRange(q: { start?: number; end?: number }, ctx: z.RefinementCtx): void {
  if (q.start === undefined || q.end === undefined) return;
  if (q.start >= q.end) ctx.addIssue({ code: "custom", path: ["start"], message: "must be before end" });
  else if (q.end - q.start > MAX_RANGE_DAYS * DAY_MS)
    ctx.addIssue({ code: "custom", path: ["start"], message: `the range may span at most ${MAX_RANGE_DAYS} days` });
}

export const RangeQuery = z.object({ start: Time.optional(), end: Time.optional() }).superRefine(checkRange);

export const ActivityQuery = z
  .object({
    start: Time.optional(),
    end: Time.optional(),
    api_key: Name.optional(),
    team_id: Name.optional(),
    user_id: Name.optional(),
    model: Name.optional(),
  })
  .superRefine(checkRange);
export type ActivityQuery = z.infer<typeof ActivityQuery>;

/** LiteLLM's /spend/logs/ui parameters (page numbers from 1). */
export const SpendLogsPageQuery = z.object({
  api_key: Name.optional(),
  team_id: Name.optional(),
  user_id: Name.optional(),
  model: Name.optional(),
  request_id: Name.optional(),
  end_user: Name.optional(),
  status_filter: z.enum(["success", "failure"]).optional(),
  start_date: DateParam.optional(),
  end_date: DateParam.optional(),
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(50),
});
export type SpendLogsPageQuery = z.infer<typeof SpendLogsPageQuery>;

export { DAY_MS };
