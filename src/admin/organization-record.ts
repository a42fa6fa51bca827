import { z } from "zod";
import { LimitFields, Stamp } from "./records.js";

/** An organization: above teams, with its own budget (its ledger) and model list (its teams' models lie inside it). */
export const OrgRole = z.enum(["org_admin", "internal_user", "internal_user_viewer"]);
export type OrgRole = z.infer<typeof OrgRole>;

export const OrgMember = z.object({
  user_id: z.string().min(1),
  user_email: z.string().nullable().optional(),
  role: OrgRole.default("internal_user"),
});
export type OrgMember = z.infer<typeof OrgMember>;

export const OrganizationRecord = LimitFields.extend({
  organization_id: z.string(),
  organization_alias: z.string().nullable(),
  models: z.array(z.string()),
  blocked: z.boolean().default(false),
  budget_id: z.string().nullable().default(null),
  members: z.array(OrgMember).default([]),
  ...Stamp,
});
export type OrganizationRecord = z.infer<typeof OrganizationRecord>;
