import { Field, formValues, list, num } from "../components/fields.js";
import type { Key } from "../types.js";

/** The fields of a key a create or an edit sets (LiteLLM's names); blank limits on an edit are unset. */
export function KeyFields({ record: k, create }: { record?: Key; create?: boolean }) {
  const v = (x: number | string | null | undefined) => (x === null || x === undefined ? "" : String(x));
  return (
    <div class="grid-fields">
      <Field label="Alias" name="key_alias" value={v(k?.key_alias)} placeholder="billing-service" />
      <Field label="Models (comma-separated, blank = all)" name="models" value={k?.models.join(", ") ?? ""} />
      {create && <Field label="Team id" name="team_id" />}
      {create && <Field label="User id" name="user_id" />}
      <Field label="Max budget (USD)" name="max_budget" type="number" step="any" min="0" value={v(k?.max_budget)} />
      <Field
        label="Budget period"
        name="budget_duration"
        value={v(k?.budget_duration)}
        placeholder="30d"
        hint="e.g. 1h, 7d, 30d; blank = never resets"
      />
      <Field label="Tokens per minute" name="tpm_limit" type="number" min="0" value={v(k?.tpm_limit)} />
      <Field label="Requests per minute" name="rpm_limit" type="number" min="0" value={v(k?.rpm_limit)} />
      <Field
        label="Parallel requests"
        name="max_parallel_requests"
        type="number"
        min="1"
        value={v(k?.max_parallel_requests)}
      />
      {create && <Field label="Expires after" name="duration" placeholder="90d" hint="blank = never" />}
    </div>
  );
}

const NUMBERS = ["max_budget", "tpm_limit", "rpm_limit", "max_parallel_requests"] as const;

/** The request body from the form; on an edit, a limit cleared is sent as null (unset). */
export function keyBody(form: HTMLFormElement, edit?: Key): Record<string, unknown> {
  const f = formValues(form);
  const body: Record<string, unknown> = {};
  if (f.key_alias !== undefined || edit) body.key_alias = f.key_alias ?? (edit?.key_alias ? null : undefined);
  if (f.models !== undefined || edit) body.models = list(f.models) ?? [];
  for (const n of NUMBERS) {
    if (f[n] !== undefined) body[n] = num(f[n]);
    else if (edit && edit[n] !== null) body[n] = null;
  }
  if (f.budget_duration !== undefined) body.budget_duration = f.budget_duration;
  else if (edit?.budget_duration) body.budget_duration = null;
  for (const n of ["team_id", "user_id", "duration"]) if (f[n] !== undefined) body[n] = f[n];
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return body;
}
