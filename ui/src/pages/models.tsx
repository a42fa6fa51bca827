import { useState } from "preact/hooks";
import { api } from "../api.js";
import { Bars } from "../components/bars.js";
import { DataTable } from "../components/data-table.js";
import { Confirm, Dialog } from "../components/dialog.js";
import { Field, formValues, Notice, Select } from "../components/fields.js";
import { Loading } from "../components/loading.js";
import { count, ms, percent, when } from "../format.js";
import type { PageProps } from "../routes.js";
import { type DeploymentStats, isAdmin, type ModelEntry } from "../types.js";
import { useLoad } from "../use-load.js";
import { useAction } from "./use-action.js";

const HOUR = 3_600_000;
const RANGES: Array<[string, string]> = [
  ["1", "Last hour"],
  ["24", "Last 24 hours"],
  ["168", "Last 7 days"],
  ["720", "Last 30 days"],
];

function health(e: ModelEntry): string {
  const s = e.state;
  if (!s) return "not tracked (a lone deployment without limits)";
  if (s.cooling_down)
    return `cooling down ${ms(s.cooldown_remaining_ms)}${s.cooldown_reason ? ` (${s.cooldown_reason})` : ""}`;
  return s.failures_last_minute > 0 ? `${s.failures_last_minute} failures in the last minute` : "healthy";
}

/** Deployments with their live routing state, latency percentiles and error rates; runtime models. */
export function ModelsPage({ session }: PageProps) {
  const [hours, setHours] = useState(24);
  const models = useLoad(() => api.get<{ data: ModelEntry[] }>("/v2/model/info"), []);
  const stats = useLoad(
    () => api.get<{ deployments: DeploymentStats[] }>("/spend/deployments", { start: Date.now() - hours * HOUR }),
    [hours],
  );
  const { note, act } = useAction(models.reload);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<ModelEntry>();
  const admin = isAdmin(session);
  const add = async (e: Event) => {
    e.preventDefault();
    const f = formValues(e.target as HTMLFormElement);
    const litellm_params = {
      model: f.model,
      ...(f.api_base ? { api_base: f.api_base } : {}),
      ...(f.api_key ? { api_key: f.api_key } : {}),
    };
    if (await act(() => api.post("/model/new", { model_name: f.model_name, litellm_params }), `Added ${f.model_name}.`))
      setAdding(false);
  };
  const label = (d: DeploymentStats) => `${d.model_group ?? "?"} · ${d.deployment_id}`;
  return (
    <>
      {note && <Notice kind={note.kind}>{note.text}</Notice>}
      <section class="card">
        <h2>Deployments now</h2>
        {admin && (
          <button type="button" class="primary" onClick={() => setAdding(true)}>
            Add a runtime model
          </button>
        )}
        <Loading load={models}>
          {(m) => (
            <DataTable
              caption="Deployments"
              rows={m.data}
              rowKey={(e) => String(e.model_info.id ?? `${e.model_name}/${String(e.litellm_params.model)}`)}
              columns={[
                { name: "Model group", cell: (e) => e.model_name },
                {
                  name: "Deployment",
                  cell: (e) => `${e.model_info.provider ?? ""} ${String(e.litellm_params.model ?? "")}`,
                },
                {
                  name: "Health",
                  cell: (e) =>
                    e.state ? (
                      <span class={e.state.cooling_down ? "badge bad" : "badge ok"}>{health(e)}</span>
                    ) : (
                      health(e)
                    ),
                },
                { name: "In flight", cell: (e) => count(e.state?.in_flight), num: true },
                {
                  name: "RPM / TPM used",
                  cell: (e) => `${count(e.state?.rpm_used)} / ${count(e.state?.tpm_used)}`,
                  num: true,
                },
                { name: "Mean TTFT", cell: (e) => ms(e.state?.avg_ttft_ms), num: true },
                {
                  name: "Last error",
                  cell: (e) =>
                    e.state?.last_error
                      ? `${e.state.last_error.status} ${e.state.last_error.kind}, ${when(e.state.last_error.at)}`
                      : "–",
                },
                { name: "Source", cell: (e) => (e.model_info.db_model ? "runtime" : "config.yaml") },
                {
                  name: "Actions",
                  cell: (e) =>
                    admin && e.model_info.db_model ? (
                      <button
                        type="button"
                        class="danger"
                        onClick={() => setRemoving(e)}
                        aria-label={`Delete ${e.model_name}`}
                      >
                        Delete
                      </button>
                    ) : null,
                },
              ]}
            />
          )}
        </Loading>
      </section>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <Select
          label="Range"
          name="range"
          value={String(hours)}
          options={RANGES}
          onChange={(v) => setHours(Number(v))}
        />
      </form>
      <Loading load={stats}>
        {(s) => (
          <div class="charts">
            <Bars
              title="Latency percentiles per deployment (successful requests)"
              names={["p50", "p90", "p99"]}
              rows={s.deployments.map((d) => ({
                label: label(d),
                values: [d.p50_ms ?? 0, d.p90_ms ?? 0, d.p99_ms ?? 0],
              }))}
              format={ms}
            />
            <Bars
              title="Error rate per deployment"
              names={["error rate"]}
              rows={s.deployments.map((d) => ({ label: label(d), values: [d.error_rate] }))}
              format={percent}
            />
          </div>
        )}
      </Loading>
      {adding && (
        <Dialog title="Add a runtime model" onClose={() => setAdding(false)}>
          <form onSubmit={add}>
            <div class="grid-fields">
              <Field label="Model group" name="model_name" required />
              <Field label="Vendor model" name="model" required placeholder="openai/gpt-4o-mini" />
              <Field label="API base (optional)" name="api_base" type="url" />
              <Field label="API key (stored sealed)" name="api_key" type="password" autoComplete="off" />
            </div>
            <div class="actions">
              <button type="submit" class="primary">
                Add
              </button>
              <button type="button" onClick={() => setAdding(false)}>
                Cancel
              </button>
            </div>
          </form>
        </Dialog>
      )}
      {removing && (
        <Confirm
          title="Delete runtime model"
          message={`Delete ${removing.model_name} (${String(removing.model_info.id)})?`}
          action="Delete"
          onClose={() => setRemoving(undefined)}
          onConfirm={async () => {
            setRemoving(undefined);
            await act(
              () => api.post("/model/delete", { id: removing.model_info.id }),
              `Deleted ${removing.model_name}.`,
            );
          }}
        />
      )}
    </>
  );
}
