import type { ComponentChildren, JSX } from "preact";

/** Labelled form fields; every input has a visible label and an id it is tied to. */

let counter = 0;
const nextId = () => `f${++counter}`;

interface FieldProps {
  label: string;
  name: string;
  value?: string;
  type?: "text" | "number" | "password" | "email" | "date" | "url";
  placeholder?: string;
  hint?: string;
  required?: boolean;
  autoComplete?: string;
  step?: string;
  min?: string;
}

export function Field({ label, hint, ...input }: FieldProps) {
  const id = `${input.name}-${nextId()}`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        {...inputProps({
          id,
          ...input,
          type: input.type ?? "text",
          "aria-describedby": hint ? `${id}-hint` : undefined,
        })}
      />
      {hint && (
        <small id={`${id}-hint`} class="muted">
          {hint}
        </small>
      )}
    </div>
  );
}

/** Preact types an input by its `type`; a field's type is one of a few known at run time. */
const inputProps = (p: Record<string, unknown>) => p as JSX.IntrinsicElements["input"];

export function Select({
  label,
  name,
  value,
  options,
  onChange,
}: {
  label: string;
  name: string;
  value?: string;
  options: Array<[string, string]>;
  onChange?: (v: string) => void;
}) {
  const id = `${name}-${nextId()}`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} name={name} value={value} onChange={(e) => onChange?.((e.target as HTMLSelectElement).value)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The form's values by field name (empty fields left out). */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new FormData(form)) if (typeof v === "string" && v.trim() !== "") out[k] = v.trim();
  return out;
}

export const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
export const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);

export function Notice({ kind, children }: { kind: "error" | "ok"; children: ComponentChildren }) {
  return (
    <p class={`notice ${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </p>
  );
}
