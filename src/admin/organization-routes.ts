import { isProxyAdmin, seesAll } from "./actor.js";
import { deny } from "./access.js";
import { type AdminContext, notFound } from "./context.js";
import type { OrganizationRecord } from "./organization-record.js";
import * as O from "./organization-schemas.js";
import { addOrgMembers, removeOrgMember, updateOrgMember } from "./organization-members.js";
import {
  createOrganization,
  deleteOrganizations,
  listOrganizations,
  organizationInfo,
  updateOrganization,
} from "./organizations.js";
import { body, query, type RouteDef } from "./route-table.js";

const orgOf = async (ctx: AdminContext, id: string) =>
  (await ctx.store.organizations.get(id)) ?? notFound("organization", id, "organization_id");

/** Read: admins, viewers and the organization's members. */
async function orgToRead(ctx: AdminContext, id: string): Promise<OrganizationRecord> {
  const org = await orgOf(ctx, id);
  if (!seesAll(ctx.actor) && !org.members.some((m) => m.user_id === ctx.actor.userId))
    deny(`not a member of organization "${id}"`, "organization_id");
  return org;
}

/** Members: admins and the organization's org_admins. */
async function orgToAdminister(ctx: AdminContext, id: string): Promise<OrganizationRecord> {
  const org = await orgOf(ctx, id);
  if (!isProxyAdmin(ctx.actor) && !org.members.some((m) => m.user_id === ctx.actor.userId && m.role === "org_admin"))
    deny(`not an org_admin of organization "${id}"`, "organization_id");
  return org;
}

/** Organizations (above teams): proxy admins create and budget them; org admins manage their members. */
export const ORGANIZATION_ROUTES: RouteDef[] = [
  {
    method: "POST",
    path: "/organization/new",
    rule: "proxy_admin",
    run: async (ctx, c) => createOrganization(ctx, await body(c, O.NewOrganizationRequest)),
  },
  {
    method: "POST",
    path: "/organization/update",
    rule: "proxy_admin",
    run: async (ctx, c) => updateOrganization(ctx, await body(c, O.UpdateOrganizationRequest)),
  },
  {
    method: "POST",
    path: "/organization/delete",
    rule: "proxy_admin",
    run: async (ctx, c) => deleteOrganizations(ctx, (await body(c, O.OrganizationIds)).organization_ids),
  },
  {
    method: "GET",
    path: "/organization/info",
    rule: "self_service",
    run: async (ctx, c) =>
      organizationInfo(ctx, await orgToRead(ctx, query(c, O.OrganizationInfoQuery).organization_id)),
  },
  {
    method: "GET",
    path: "/organization/list",
    rule: "self_service",
    run: async (ctx) => {
      if (seesAll(ctx.actor)) return listOrganizations(ctx);
      const userId = ctx.actor.userId ?? deny("this key has no user, so no organizations");
      return listOrganizations(ctx, await ctx.store.orgMembers.teamsOf(userId));
    },
  },
  {
    method: "POST",
    path: "/organization/member_add",
    rule: "self_service",
    run: async (ctx, c) => {
      const b = await body(c, O.OrgMemberAddRequest);
      await orgToAdminister(ctx, b.organization_id);
      return addOrgMembers(ctx, b);
    },
  },
  {
    method: "POST",
    path: "/organization/member_update",
    rule: "self_service",
    run: async (ctx, c) => {
      const b = await body(c, O.OrgMemberUpdateRequest);
      await orgToAdminister(ctx, b.organization_id);
      return updateOrgMember(ctx, b);
    },
  },
  {
    method: "POST",
    path: "/organization/member_delete",
    rule: "self_service",
    run: async (ctx, c) => {
      const b = await body(c, O.OrgMemberDeleteRequest);
      await orgToAdminister(ctx, b.organization_id);
      return removeOrgMember(ctx, b);
    },
  },
];
