import { z } from "zod";
import { DateParam, Name, PageNumber } from "./schema-parts.js";

/** GET /audit/logs filters (LiteLLM's /audit names where it has them). */
export const AuditQuery = z.object({
  start_date: DateParam.optional(),
  end_date: DateParam.optional(),
  /** "master_key" or a key hash */
  changed_by: Name.optional(),
  action: Name.optional(),
  /** key, team, user, customer, organization, budget, model */
  object_type: Name.optional(),
  table_name: Name.optional(),
  object_id: Name.optional(),
  page: PageNumber.default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(25),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
