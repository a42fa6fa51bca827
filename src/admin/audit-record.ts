import { z } from "zod";

/** One management write as the audit log keeps it: who, what, before and after (secrets masked), when. */
export const AuditEntry = z.object({
  id: z.string(),
  /** epoch ms */
  created_at: z.number().int(),
  /** "master_key", or the calling key's hash (never the key). */
  actor: z.string(),
  /** The calling key's alias or display hint. */
  actor_alias: z.string().nullable(),
  actor_role: z.string(),
  /** The route, e.g. "/key/generate". */
  action: z.string(),
  /** key, team, user, customer, organization, budget, model */
  object_type: z.string(),
  object_id: z.string(),
  before_value: z.record(z.string(), z.unknown()).nullable(),
  after_value: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export interface AuditFilter {
  start?: number;
  end?: number;
  actor?: string;
  action?: string;
  objectType?: string;
  objectId?: string;
}

export interface AuditTable {
  insert(entries: AuditEntry[]): Promise<void>;
  /** Newest first. */
  list(f: AuditFilter, page: { offset: number; limit: number }): Promise<{ rows: AuditEntry[]; total: number }>;
}
