import { splitModel } from "../providers/deployment.js";
import type { Deps } from "../deps.js";
import { safeApiBase } from "../errors/redact.js";
import { type AccessGroups, accessGroupsOf } from "../access/model-access.js";
import { priceRow } from "../accounting/prices.js";
import type { RuntimeModelRecord } from "./model-record.js";

/**
 * Every deployment a caller may be shown, config.yaml's and the runtime ones (/model/new) side by
 * side, without credentials; and the per-group summary LiteLLM's /model_group/info gives.
 */
export interface CatalogEntry {
  id: string;
  modelName: string;
  provider: string;
  model: string;
  /** litellm_params without credentials (runtime ones list theirs as "***"). */
  params: Record<string, unknown>;
  modelInfo: Record<string, unknown>;
  /** Added at runtime (stored in D1) rather than in config.yaml. */
  dbModel: boolean;
}

/** Runtime deployments from D1 (none when there is no database, or it cannot be read: logged). */
export async function runtimeRecords(deps: Deps): Promise<RuntimeModelRecord[]> {
  const store = deps.state.admin;
  if (!store) return [];
  try {
    return await store.models.all();
  } catch (e) {
    deps.log.warn("runtime models unavailable", { error: e instanceof Error ? e.message : String(e) });
    return [];
  }
}

export function runtimeEntry(r: RuntimeModelRecord): CatalogEntry {
  const { provider, model } = splitModel(String(r.litellm_params.model ?? "/"));
  const params: Record<string, unknown> = { ...r.litellm_params };
  for (const n of r.secret_names) params[n] = "***";
  if (typeof params.api_base === "string") params.api_base = safeApiBase(params.api_base);
  return {
    id: r.model_id,
    modelName: r.model_name,
    provider,
    model,
    params,
    modelInfo: { ...r.model_info, id: r.model_id, db_model: true },
    dbModel: true,
  };
}

/** Access groups over config and runtime deployments together. */
export function catalogAccess(deps: Deps, runtime: CatalogEntry[]): AccessGroups {
  if (!runtime.length) return accessGroupsOf(deps.config);
  return accessGroupsOf({ deployments: [...deps.config.deployments, ...runtime] });
}

const num = (v: unknown) => (typeof v === "number" ? v : undefined);

/** LiteLLM's ModelGroupInfo for one model group. */
export function groupInfo(group: string, entries: CatalogEntry[]) {
  const first = (f: (e: CatalogEntry) => number | undefined) => entries.map(f).find((v) => v !== undefined) ?? null;
  const row = (e: CatalogEntry) => priceRow(e.provider, e.model);
  const sum = (k: "tpm" | "rpm") =>
    entries.every((e) => num(e.params[k]) !== undefined) ? entries.reduce((s, e) => s + num(e.params[k])!, 0) : null;
  const groups = new Set<string>();
  for (const e of entries)
    for (const g of Array.isArray(e.modelInfo.access_groups) ? e.modelInfo.access_groups : [])
      if (typeof g === "string") groups.add(g);
  return {
    model_group: group,
    providers: [...new Set(entries.map((e) => e.provider))],
    max_input_tokens: first((e) => num(e.modelInfo.max_input_tokens)),
    max_output_tokens: first((e) => num(e.modelInfo.max_output_tokens) ?? row(e)?.max_output_tokens),
    input_cost_per_token: first(
      (e) => num(e.params.input_cost_per_token) ?? num(e.modelInfo.input_cost_per_token) ?? tokenUsd(row(e)?.input),
    ),
    output_cost_per_token: first(
      (e) => num(e.params.output_cost_per_token) ?? num(e.modelInfo.output_cost_per_token) ?? tokenUsd(row(e)?.output),
    ),
    mode: (entries.map((e) => e.modelInfo.mode).find((m) => typeof m === "string") as string | undefined) ?? "chat",
    tpm: sum("tpm"),
    rpm: sum("rpm"),
    access_groups: [...groups],
    db_model: entries.some((e) => e.dbModel),
  };
}

/** Price table rows are micro-dollars per token; LiteLLM shows USD per token. */
const tokenUsd = (micros: number | undefined) => (micros === undefined ? undefined : micros / 1e6);
