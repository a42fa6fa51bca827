import { GatewayError } from "../errors/gateway-error.js";
import { redactSecrets } from "../errors/redact.js";

const MAX_ERROR_BODY = 64 * 1024;

/** An upstream error answer's text, bounded. */
export async function readErrorBody(res: Response): Promise<string> {
  const text = await res.text().catch(() => "");
  return text.length > MAX_ERROR_BODY ? text.slice(0, MAX_ERROR_BODY) : text;
}

/**
 * Vendor error text goes to the client: the deployment's own credentials, and anything shaped like a
 * key (vendors echo masked fragments such as "sk-ab***7890"), are taken out of it first.
 */
export function scrubbed(e: unknown, secrets: readonly string[]): unknown {
  if (e instanceof GatewayError) e.message = redactSecrets(e.message, secrets);
  return e;
}
