import { BadRequestError } from "../../errors/gateway-error.js";
import type { Deployment } from "../deployment.js";
import type { VendorRow } from "./vendors.js";

/** JSON content type and the vendor's bearer key (a missing key is a 400 unless the vendor needs none). */
export function vendorHeaders(row: VendorRow, d: Deployment): Record<string, string> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const key = d.params.api_key;
  if (key) headers.authorization = `Bearer ${key}`;
  else if (!row.keyOptional)
    throw new BadRequestError(
      `model "${d.modelName}" has no api_key (set litellm_params.api_key or ${row.apiKeyEnv})`,
      {
        code: "missing_api_key",
      },
    );
  return headers;
}

/** The vendor's base URL (…/v1): the deployment's api_base, else the row's; a 400 when neither is set. */
export function baseOf(row: VendorRow, d: Deployment): string {
  const base = d.params.api_base ?? row.baseUrl;
  if (!base)
    throw new BadRequestError(`model "${d.modelName}" (${row.name}) needs api_base in its litellm_params`, {
      code: "missing_api_base",
    });
  return base;
}
