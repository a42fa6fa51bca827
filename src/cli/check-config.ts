import { ConfigError } from "../config/load.js";
import { setupConfig } from "../gateway-setup.js";

/** Validate config text with an env lookup; problems (fatal) and warnings, for start, dev and deploy. */
export function checkConfig(
  text: string,
  env: (name: string) => string | undefined,
): { problems: string[]; warnings: string[] } {
  try {
    const { warnings } = setupConfig(text, env);
    return { problems: [], warnings };
  } catch (e) {
    if (e instanceof ConfigError) return { problems: e.problems, warnings: [] };
    throw e;
  }
}
