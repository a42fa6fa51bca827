import type { z } from "zod";
import { type AdminContext, notFound } from "./context.js";
import { memberUser } from "./first-reference.js";
import type { OrganizationRecord, OrgMember } from "./organization-record.js";
import type {
  OrgMemberAddRequest,
  OrgMemberDeleteRequest,
  OrgMemberInput,
  OrgMemberUpdateRequest,
} from "./organization-schemas.js";
import { changeOrg } from "./organizations.js";

/** Organization members: kept in the organization record (members) and in organization_members (a user's organizations). */

const missingOrg = (id: string): never => notFound("organization", id, "organization_id");

async function resolveMembers(ctx: AdminContext, input: OrgMemberInput[]): Promise<OrgMember[]> {
  const out: OrgMember[] = [];
  for (const m of input) {
    const user = await memberUser(ctx, m);
    out.push({ user_id: user.user_id, user_email: user.user_email, role: m.role });
  }
  return out;
}

const withMembers = (cur: OrganizationRecord, added: OrgMember[]): OrganizationRecord => ({
  ...cur,
  members: [...cur.members.filter((m) => !added.some((a) => a.user_id === m.user_id)), ...added],
});

export function findOrgMember(
  org: OrganizationRecord,
  ref: { user_id?: string | null; user_email?: string | null },
): OrgMember {
  const m = org.members.find((x) =>
    ref.user_id ? x.user_id === ref.user_id : !!ref.user_email && x.user_email === ref.user_email,
  );
  return m ?? notFound("organization member", ref.user_id ?? ref.user_email ?? "", "user_id");
}

export async function addOrgMembers(ctx: AdminContext, body: z.infer<typeof OrgMemberAddRequest>) {
  if (!(await ctx.store.organizations.get(body.organization_id))) missingOrg(body.organization_id);
  const added = await resolveMembers(ctx, Array.isArray(body.member) ? body.member : [body.member]);
  const view = await changeOrg(ctx, body.organization_id, (cur) => withMembers(cur, added));
  for (const m of added) await ctx.store.orgMembers.add(body.organization_id, m.user_id, m.role);
  return view;
}

export async function updateOrgMember(ctx: AdminContext, body: z.infer<typeof OrgMemberUpdateRequest>) {
  const org = (await ctx.store.organizations.get(body.organization_id)) ?? missingOrg(body.organization_id);
  const member = { ...findOrgMember(org, body), role: body.role };
  const view = await changeOrg(ctx, body.organization_id, (cur) => withMembers(cur, [member]));
  await ctx.store.orgMembers.add(body.organization_id, member.user_id, member.role);
  return view;
}

export async function removeOrgMember(ctx: AdminContext, body: z.infer<typeof OrgMemberDeleteRequest>) {
  const org = (await ctx.store.organizations.get(body.organization_id)) ?? missingOrg(body.organization_id);
  const member = findOrgMember(org, body);
  const view = await changeOrg(ctx, body.organization_id, (cur) => ({
    ...cur,
    members: cur.members.filter((m) => m.user_id !== member.user_id),
  }));
  await ctx.store.orgMembers.remove(body.organization_id, [member.user_id]);
  return view;
}
