import { z } from "zod";
import { LimitInput, ModelMaxBudget, Name, opt } from "./schema-parts.js";

/** /budget/* bodies (LiteLLM's BudgetNewRequest). */

const BudgetFields = {
  model_max_budget: opt(ModelMaxBudget),
  /** When the current period ends (ISO-8601); needs budget_duration. */
  budget_reset_at: opt(z.iso.datetime({ offset: true })),
  ...LimitInput,
};

export const NewBudgetRequest = z.strictObject({ budget_id: opt(Name), ...BudgetFields });
export type NewBudgetRequest = z.infer<typeof NewBudgetRequest>;

export const UpdateBudgetRequest = z.strictObject({ budget_id: Name, ...BudgetFields });
export type UpdateBudgetRequest = z.infer<typeof UpdateBudgetRequest>;

export const BudgetInfoRequest = z.strictObject({ budgets: z.array(Name).min(1).max(1000) });
export const BudgetSettingsQuery = z.object({ budget_id: Name });
export const BudgetDeleteRequest = z.strictObject({ id: Name });
