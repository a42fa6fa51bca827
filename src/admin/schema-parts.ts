import { z } from "zod";
import { DURATION_PATTERN } from "../state/budget-duration.js";

/**
 * Building blocks of the management request schemas. In every body `null` means "unset", as in
 * LiteLLM: on create it is the default, on update it clears the field. `opt` makes a field
 * optional and nullable.
 */
export const opt = <T extends z.ZodType>(s: T) => s.nullable().optional();

export const Usd = z.number().min(0, "cannot be negative").max(1e9);
export const Duration = z
  .string()
  .regex(DURATION_PATTERN, 'expected a duration like "30s", "30m", "1h", "1d", "30d" or "1mo"');
/** rpm/tpm/parallel limits; 0 admits nothing (LiteLLM's max_parallel_requests: 0). */
export const Limit = z.number().int().min(0).max(1e12);
export const Name = z.string().min(1).max(256);
export const Email = z.string().email().max(320);
export const Models = z.array(Name).max(1000);
export const Metadata = z.record(z.string(), z.unknown());

export const LimitInput = {
  max_budget: opt(Usd),
  soft_budget: opt(Usd),
  budget_duration: opt(Duration),
  tpm_limit: opt(Limit),
  rpm_limit: opt(Limit),
  max_parallel_requests: opt(Limit),
};

/** model_max_budget: {"gpt-4o": {"budget_limit": 5, "time_period": "1d"}} (LiteLLM's shape). */
export const ModelMaxBudget = z.record(Name, z.object({ budget_limit: Usd, time_period: opt(Duration) }).loose());

/** A member named by user_id, user_email or both (LiteLLM's Member). */
export const memberInput = <R extends z.ZodType>(role: R) =>
  z
    .strictObject({ user_id: opt(Name), user_email: opt(Email), role })
    .refine((m) => !!m.user_id || !!m.user_email, { message: 'give "user_id" or "user_email"', path: ["user_id"] });

/** A member reference in member_delete / member_update bodies. */
export const memberRef = {
  user_id: opt(Name),
  user_email: opt(Email),
};
export const hasMember = (m: { user_id?: string | null; user_email?: string | null }) => !!m.user_id || !!m.user_email;

export const PageNumber = z.coerce.number().int().min(1);
export const Flag = z.enum(["true", "false", "True", "False"]).transform((v) => v.toLowerCase() === "true");

/** "2026-05-01" (whole UTC day) or a full ISO-8601 time. */
export const DateParam = z
  .string()
  .refine(
    (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) || !Number.isNaN(Date.parse(s)),
    'expected a date "YYYY-MM-DD" or an ISO-8601 time',
  );
