// `npm start` only (never a deployed worker): when the config's master key refers to an environment
// variable that is unset, a key is generated once, kept in the state folder, and used from then on.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

/**
 * The variable the config's `general_settings.master_key: os.environ/NAME` names, and its value from
 * the state folder when the environment leaves it unset. `generated` is true the first time only.
 */
export function localMasterKey({ configText, env, stateDir }) {
  let ref;
  try {
    ref = parse(configText)?.general_settings?.master_key;
  } catch {
    return undefined; // the config check names what is wrong with it
  }
  const m = typeof ref === "string" ? /^os\.environ\/([A-Za-z_][A-Za-z0-9_]*)$/.exec(ref) : null;
  if (!m || env[m[1]]) return undefined;
  const file = path.join(stateDir, "master-key");
  if (existsSync(file)) return { name: m[1], value: readFileSync(file, "utf8").trim(), file, generated: false };
  const value = `sk-local-${randomBytes(24).toString("base64url")}`;
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return { name: m[1], value, file, generated: true };
}

/** What `npm start` prints about a local master key. */
export function masterKeyNotice(key, url) {
  const where = path.relative(process.cwd(), key.file);
  if (!key.generated) return `master key: the local one kept in ${where} (${key.name} is not set)`;
  return [
    `${key.name} is not set, so this local gateway made a master key and keeps it in ${where}:`,
    "",
    `  ${key.value}`,
    "",
    "Try it (the demo model answers without any vendor key):",
    "",
    `  curl ${url}/v1/chat/completions -H "Authorization: Bearer ${key.value}" \\`,
    `    -H "content-type: application/json" -d '{"model":"demo","messages":[{"role":"user","content":"Hi"}]}'`,
    "",
    `Set ${key.name} (shell or .dev.vars) to use your own key instead; a deployed worker never makes one.`,
  ].join("\n");
}
