import { z } from "zod";
import { OrgRole } from "./organization-record.js";
import { hasMember, LimitInput, Metadata, memberInput, memberRef, Models, Name, opt } from "./schema-parts.js";

/** /organization/* bodies (LiteLLM's NewOrganizationRequest, LiteLLM_OrganizationTableUpdate, member requests). */

const OrgFields = {
  organization_alias: opt(Name),
  models: opt(Models),
  budget_id: opt(Name),
  metadata: opt(Metadata),
  blocked: opt(z.boolean()),
  ...LimitInput,
};

export const NewOrganizationRequest = z.strictObject({ organization_id: opt(Name), ...OrgFields });
export type NewOrganizationRequest = z.infer<typeof NewOrganizationRequest>;

export const UpdateOrganizationRequest = z.strictObject({ organization_id: Name, ...OrgFields });
export type UpdateOrganizationRequest = z.infer<typeof UpdateOrganizationRequest>;

export const OrganizationIds = z.strictObject({ organization_ids: z.array(Name).min(1).max(1000) });
export const OrganizationInfoQuery = z.object({ organization_id: Name });

const OrgMemberInput = memberInput(OrgRole.default("internal_user"));
export type OrgMemberInput = z.infer<typeof OrgMemberInput>;

export const OrgMemberAddRequest = z.strictObject({
  organization_id: Name,
  member: z.union([OrgMemberInput, z.array(OrgMemberInput).min(1).max(1000)]),
});
export const OrgMemberUpdateRequest = z
  .strictObject({ organization_id: Name, ...memberRef, role: OrgRole })
  .refine(hasMember, { message: 'give "user_id" or "user_email"', path: ["user_id"] });
export const OrgMemberDeleteRequest = z
  .strictObject({ organization_id: Name, ...memberRef })
  .refine(hasMember, { message: 'give "user_id" or "user_email"', path: ["user_id"] });
