import { z } from "zod";
import { TeamMember, UserRole } from "./records.js";
import {
  DateParam,
  Duration,
  Email,
  Flag,
  hasMember,
  LimitInput,
  Metadata,
  memberInput,
  memberRef,
  ModelMaxBudget,
  Models,
  Name,
  opt,
  PageNumber,
  Usd,
} from "./schema-parts.js";

/**
 * Request shapes of the management API (LiteLLM's field names). Bodies are strict: a field we do
 * not support is a 400 naming it, never silently ignored (src/admin/validate.ts lets an unsupported
 * field through only when its value means "unset": null, [], {} or false). `null` means unset.
 */

const KeyFields = {
  key_alias: opt(Name),
  duration: opt(Duration),
  models: opt(Models),
  aliases: opt(z.record(Name, Name)),
  metadata: opt(Metadata),
  team_id: opt(Name),
  user_id: opt(Name),
  organization_id: opt(Name),
  budget_id: opt(Name),
  tags: opt(z.array(Name).max(100)),
  blocked: opt(z.boolean()),
  spend: opt(Usd),
  model_max_budget: opt(ModelMaxBudget),
  permissions: opt(Metadata),
  allowed_cache_controls: opt(z.array(Name).max(20)),
  ...LimitInput,
};

/** A custom key value (LiteLLM's `key` on /key/generate, `new_key` on regenerate). */
const CustomKey = z
  .string()
  .regex(/^sk-[\x21-\x7e]{8,250}$/, 'expected "sk-" followed by 8 to 250 printable characters');

export const GenerateKeyRequest = z.strictObject({ key: opt(CustomKey), ...KeyFields });
export type GenerateKeyRequest = z.infer<typeof GenerateKeyRequest>;

export const UpdateKeyRequest = z.strictObject({ key: Name, ...KeyFields });
export type UpdateKeyRequest = z.infer<typeof UpdateKeyRequest>;

/** /key/regenerate (key in the body) and /key/{key}/regenerate (key in the path): new values may come along. */
export const RegenerateKeyRequest = z.strictObject({
  key: opt(Name),
  new_key: opt(CustomKey),
  grace_period: opt(Duration),
  ...KeyFields,
});
export type RegenerateKeyRequest = z.infer<typeof RegenerateKeyRequest>;

export const DeleteKeyRequest = z
  .strictObject({ keys: opt(z.array(Name).max(1000)), key_aliases: opt(z.array(Name).max(1000)) })
  .refine((r) => (r.keys?.length ?? 0) + (r.key_aliases?.length ?? 0) > 0, {
    message: 'give "keys" or "key_aliases"',
    path: ["keys"],
  });

export const KeyRef = z.strictObject({ key: Name });

/** `key` may be left out: the calling key's own info. */
export const KeyInfoQuery = z.object({ key: Name.optional() });

export const KeyListQuery = z.object({
  page: PageNumber.default(1),
  size: z.coerce.number().int().min(1).max(100).default(10),
  user_id: Name.optional(),
  team_id: Name.optional(),
  key_alias: Name.optional(),
  return_full_object: Flag.default(false),
});

const TeamFields = {
  team_alias: opt(Name),
  models: opt(Models),
  metadata: opt(Metadata),
  blocked: opt(z.boolean()),
  organization_id: opt(Name),
  model_aliases: opt(z.record(Name, Name)),
  tags: opt(z.array(Name).max(100)),
  ...LimitInput,
};

const TeamMemberInput = memberInput(TeamMember.shape.role);
export type TeamMemberInput = z.infer<typeof TeamMemberInput>;

export const NewTeamRequest = z.strictObject({
  team_id: opt(Name),
  members_with_roles: opt(z.array(TeamMemberInput).max(1000)),
  ...TeamFields,
});
export type NewTeamRequest = z.infer<typeof NewTeamRequest>;

export const UpdateTeamRequest = z.strictObject({ team_id: Name, ...TeamFields });
export type UpdateTeamRequest = z.infer<typeof UpdateTeamRequest>;

export const TeamIds = z.strictObject({ team_ids: z.array(Name).min(1).max(1000) });
export const TeamRef = z.strictObject({ team_id: Name });
export const TeamInfoQuery = z.object({ team_id: Name });
export const TeamListQuery = z.object({ user_id: Name.optional(), organization_id: Name.optional() });

export const MemberAddRequest = z.strictObject({
  team_id: Name,
  member: z.union([TeamMemberInput, z.array(TeamMemberInput).min(1).max(1000)]),
});
export const MemberDeleteRequest = z
  .strictObject({ team_id: Name, ...memberRef })
  .refine(hasMember, { message: 'give "user_id" or "user_email"', path: ["user_id"] });
export const MemberUpdateRequest = z
  .strictObject({ team_id: Name, ...memberRef, role: TeamMember.shape.role.unwrap() })
  .refine(hasMember, { message: 'give "user_id" or "user_email"', path: ["user_id"] });
export const TeamModelRequest = z.strictObject({ team_id: Name, models: Models.min(1) });

const UserFields = {
  user_email: opt(Email),
  user_alias: opt(Name),
  user_role: opt(UserRole),
  models: opt(Models),
  metadata: opt(Metadata),
  budget_id: opt(Name),
  spend: opt(Usd),
  ...LimitInput,
};

export const NewUserRequest = z.strictObject({
  user_id: opt(Name),
  teams: opt(z.array(Name).max(100)),
  team_id: opt(Name),
  aliases: opt(z.record(Name, Name)),
  /** Like LiteLLM, /user/new also creates a key for the user unless told not to. */
  auto_create_key: opt(z.boolean()),
  key_alias: opt(Name),
  ...UserFields,
});
export type NewUserRequest = z.infer<typeof NewUserRequest>;

/** The user by user_id, else by user_email; an unknown user_id is created (as LiteLLM does). */
export const UpdateUserRequest = z
  .strictObject({ user_id: opt(Name), ...UserFields })
  .refine(hasMember, { message: 'give "user_id" or "user_email"', path: ["user_id"] });
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

export const UserIds = z.strictObject({ user_ids: z.array(Name).min(1).max(1000) });
/** `user_id` may be left out: the calling key's own user. */
export const UserInfoQuery = z.object({ user_id: Name.optional() });
export const UserListQuery = z.object({
  page: PageNumber.default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(25),
});

const CustomerFields = {
  alias: opt(Name),
  blocked: opt(z.boolean()),
  max_budget: opt(Usd),
  soft_budget: opt(Usd),
  budget_duration: opt(Duration),
  tpm_limit: LimitInput.tpm_limit,
  rpm_limit: LimitInput.rpm_limit,
  budget_id: opt(Name),
  spend: opt(Usd),
  allowed_model_region: opt(z.enum(["eu", "us"])),
  default_model: opt(Name),
  metadata: opt(Metadata),
};

export const NewCustomerRequest = z.strictObject({ user_id: Name, ...CustomerFields });
export type NewCustomerRequest = z.infer<typeof NewCustomerRequest>;
export const UpdateCustomerRequest = NewCustomerRequest;
export const CustomerInfoQuery = z.object({ end_user_id: Name });

export const SpendQuery = z.object({
  start_date: DateParam.optional(),
  end_date: DateParam.optional(),
  api_key: Name.optional(),
  user_id: Name.optional(),
  team_id: Name.optional(),
  model: Name.optional(),
  request_id: Name.optional(),
  end_user: Name.optional(),
  customer_id: Name.optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});
export type SpendQuery = z.infer<typeof SpendQuery>;

export const SpendReportQuery = SpendQuery.extend({
  group_by: z.enum(["team", "customer", "api_key", "user", "model", "tag", "end_user", "key"]).default("team"),
});

export { Email };
