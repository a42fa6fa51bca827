import { z } from "zod";
import type { SinkName } from "../settings.js";
import { sinkOf } from "../settings.js";
import type { Vars } from "./sink.js";

/**
 * Per-key and per-team callbacks, LiteLLM's `metadata.logging` on a key or a team:
 * `[{ callback_name: "langfuse", callback_type: "success" | "failure" | "success_and_failure",
 * callback_vars: { langfuse_public_key: "os.environ/NAME", langfuse_host: "https://..." } }]`.
 */
export const TenantLoggingEntry = z.looseObject({
  callback_name: z.string(),
  callback_type: z.enum(["success", "failure", "success_and_failure"]).default("success_and_failure"),
  callback_vars: z.record(z.string(), z.string()).default({}),
});
export type TenantLoggingEntry = z.infer<typeof TenantLoggingEntry>;

/** The valid entries of a metadata object's `logging` list, with their positions (others are skipped). */
export function tenantLogging(metadata: unknown): Array<{ index: number; entry: TenantLoggingEntry }> {
  const list = metadata && typeof metadata === "object" ? (metadata as Record<string, unknown>).logging : undefined;
  if (!Array.isArray(list)) return [];
  const out: Array<{ index: number; entry: TenantLoggingEntry }> = [];
  list.forEach((raw, index) => {
    const p = TenantLoggingEntry.safeParse(raw);
    if (p.success && sinkOf(p.data.callback_name)) out.push({ index, entry: p.data });
  });
  return out;
}

/** The sinks of a tenant's entries that apply to a request with this outcome. */
export function tenantTargets(metadata: unknown, failed: boolean): Array<{ index: number; sink: SinkName }> {
  return tenantLogging(metadata)
    .filter(
      ({ entry }) =>
        entry.callback_type === "success_and_failure" || entry.callback_type === (failed ? "failure" : "success"),
    )
    .map(({ index, entry }) => ({ index, sink: sinkOf(entry.callback_name)! }));
}

/**
 * The variables of one tenant entry: `callback_vars` by lower-case name (LANGFUSE_HOST is read as
 * `langfuse_host`), `os.environ/NAME` resolved from the worker's vars. Nothing falls back to the
 * gateway's own sink credentials: a tenant's host never receives the gateway's secrets.
 */
export function tenantVars(entry: TenantLoggingEntry, env: Vars): Vars {
  return (name) => {
    const v = entry.callback_vars[name.toLowerCase()];
    if (v === undefined) return undefined;
    return v.startsWith("os.environ/") ? env(v.slice("os.environ/".length)) : v;
  };
}
