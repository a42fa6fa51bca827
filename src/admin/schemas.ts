import { z } from "zod";
import { MAX_METADATA_BYTES, MAX_METADATA_DEPTH, pathPastDepth } from "../openai/client-limits.js";
import { DURATION_PATTERN } from "../state/budget-duration.js";
import { TeamMember, UserRole } from "./records.js";

/**
 * Request shapes of the management API (LiteLLM's field names). Bodies are strict: a field we do
 * not support is a 400 naming it, never silently ignored (an ignored `model_max_budget` would look
 * enforced when it is not). `null` clears a field on update.
 */
const Usd = z.number().min(0, "cannot be negative").max(1e9);
const Duration = z
  .string()
  .regex(DURATION_PATTERN, 'expected a duration like "30s", "30m", "1h", "1d", "30d" or "1mo"');
const Limit = z.number().int().positive().max(1e12);
const Name = z.string().min(1).max(256);
const Models = z.array(Name).max(1000);
/** Free-form, but bounded: it is stored in every record and read back by SQLite's JSON functions. */
const Metadata = z.record(z.string(), z.unknown()).superRefine((m, ctx) => {
  if (pathPastDepth(m, MAX_METADATA_DEPTH)) {
    ctx.addIssue({ code: "custom", message: `nests deeper than ${MAX_METADATA_DEPTH} levels` });
  } else if (JSON.stringify(m).length > MAX_METADATA_BYTES) {
    ctx.addIssue({ code: "custom", message: `is larger than ${MAX_METADATA_BYTES} bytes as JSON` });
  }
});

const LimitInput = {
  max_budget: Usd.nullable().optional(),
  soft_budget: Usd.nullable().optional(),
  budget_duration: Duration.nullable().optional(),
  tpm_limit: Limit.nullable().optional(),
  rpm_limit: Limit.nullable().optional(),
  max_parallel_requests: Limit.nullable().optional(),
};

const KeyFields = {
  key_alias: Name.nullable().optional(),
  duration: Duration.nullable().optional(),
  models: Models.optional(),
  aliases: z.record(Name, Name).optional(),
  metadata: Metadata.optional(),
  team_id: Name.nullable().optional(),
  user_id: Name.nullable().optional(),
  tags: z.array(Name).max(100).optional(),
  blocked: z.boolean().optional(),
  ...LimitInput,
};

export const GenerateKeyRequest = z.strictObject(KeyFields);
export type GenerateKeyRequest = z.infer<typeof GenerateKeyRequest>;

export const UpdateKeyRequest = z.strictObject({ key: Name, ...KeyFields });
export type UpdateKeyRequest = z.infer<typeof UpdateKeyRequest>;

export const DeleteKeyRequest = z
  .strictObject({ keys: z.array(Name).max(1000).optional(), key_aliases: z.array(Name).max(1000).optional() })
  .refine((r) => (r.keys?.length ?? 0) + (r.key_aliases?.length ?? 0) > 0, {
    message: 'give "keys" or "key_aliases"',
    path: ["keys"],
  });

export const KeyRef = z.strictObject({ key: Name });

export const KeyInfoQuery = z.object({ key: Name });

const PageNumber = z.coerce.number().int().min(1);
const Flag = z.enum(["true", "false"]).transform((v) => v === "true");

export const KeyListQuery = z.object({
  page: PageNumber.default(1),
  size: z.coerce.number().int().min(1).max(100).default(10),
  user_id: Name.optional(),
  team_id: Name.optional(),
  key_alias: Name.optional(),
  return_full_object: Flag.default(false),
});

const TeamFields = {
  team_alias: Name.nullable().optional(),
  models: Models.optional(),
  metadata: Metadata.optional(),
  blocked: z.boolean().optional(),
  ...LimitInput,
};

export const NewTeamRequest = z.strictObject({
  team_id: Name.optional(),
  members_with_roles: z.array(TeamMember).max(1000).optional(),
  ...TeamFields,
});
export type NewTeamRequest = z.infer<typeof NewTeamRequest>;

export const UpdateTeamRequest = z.strictObject({ team_id: Name, ...TeamFields });
export type UpdateTeamRequest = z.infer<typeof UpdateTeamRequest>;

export const TeamIds = z.strictObject({ team_ids: z.array(Name).min(1).max(1000) });
export const TeamRef = z.strictObject({ team_id: Name });
export const TeamInfoQuery = z.object({ team_id: Name });
export const TeamListQuery = z.object({ user_id: Name.optional() });

export const MemberAddRequest = z.strictObject({
  team_id: Name,
  member: z.union([TeamMember, z.array(TeamMember).min(1).max(1000)]),
});
export const MemberDeleteRequest = z.strictObject({ team_id: Name, user_id: Name });

const UserFields = {
  user_email: z.string().email().max(320).nullable().optional(),
  user_alias: Name.nullable().optional(),
  user_role: UserRole.optional(),
  models: Models.optional(),
  metadata: Metadata.optional(),
  ...LimitInput,
};

export const NewUserRequest = z.strictObject({
  user_id: Name.optional(),
  teams: z.array(Name).max(100).optional(),
  /** Like LiteLLM, /user/new also creates a key for the user unless told not to. */
  auto_create_key: z.boolean().default(true),
  key_alias: Name.optional(),
  ...UserFields,
});
export type NewUserRequest = z.infer<typeof NewUserRequest>;

export const UpdateUserRequest = z.strictObject({ user_id: Name, ...UserFields });
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

export const UserIds = z.strictObject({ user_ids: z.array(Name).min(1).max(1000) });
export const UserInfoQuery = z.object({ user_id: Name });
export const UserListQuery = z.object({
  page: PageNumber.default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(25),
});

const CustomerFields = {
  alias: Name.nullable().optional(),
  blocked: z.boolean().optional(),
  max_budget: Usd.nullable().optional(),
  budget_duration: Duration.nullable().optional(),
  tpm_limit: Limit.nullable().optional(),
  rpm_limit: Limit.nullable().optional(),
};

export const NewCustomerRequest = z.strictObject({ user_id: Name, ...CustomerFields });
export type NewCustomerRequest = z.infer<typeof NewCustomerRequest>;
export const UpdateCustomerRequest = NewCustomerRequest;
export const CustomerInfoQuery = z.object({ end_user_id: Name });

/** "2026-05-01" (whole UTC day) or a full ISO-8601 time. */
const DateParam = z
  .string()
  .refine(
    (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) || !Number.isNaN(Date.parse(s)),
    'expected a date "YYYY-MM-DD" or an ISO-8601 time',
  );

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
