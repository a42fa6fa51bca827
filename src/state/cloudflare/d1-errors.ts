import { BadRequestError } from "../../errors/gateway-error.js";

/** A D1 UNIQUE violation as a 400 naming the field; anything else is rethrown. */
export function duplicateAsBadRequest(e: unknown, values: Record<string, unknown>): never {
  const m = /UNIQUE constraint failed: \w+\.(\w+)/.exec(e instanceof Error ? e.message : String(e));
  if (m) {
    const field = m[1]!;
    const value = values[field];
    throw new BadRequestError(`${field} ${value === undefined ? "" : `"${String(value)}" `}already exists`, {
      param: field,
      code: "already_exists",
    });
  }
  throw e;
}
