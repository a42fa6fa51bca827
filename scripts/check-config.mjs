// Validates config.yaml before `wrangler dev` / `wrangler deploy`; exits 1 naming each bad path.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT, bundleChecker } from "./bundle.mjs";
import { readDevVars } from "./env-file.mjs";

export async function checkConfigFile(configFile, env) {
  const checker = await bundleChecker(path.join(ROOT, ".switchyard/build/check-config.mjs"));
  const { checkConfig } = await import(`${checker}?t=${Date.now()}`);
  return checkConfig(readFileSync(configFile, "utf8"), (n) => env[n]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = path.resolve(process.argv[2] ?? path.join(ROOT, "config.yaml"));
  const env = { ...readDevVars(path.join(ROOT, ".dev.vars")), ...process.env };
  const { problems, warnings } = await checkConfigFile(file, env);
  for (const w of warnings) console.warn(`warning: ${w}`);
  if (problems.length) {
    console.error(`${path.relative(process.cwd(), file)} is invalid:`);
    for (const p of problems) console.error(`  ${p}`);
    process.exit(1);
  }
}
