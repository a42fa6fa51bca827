import { useState } from "preact/hooks";
import { api } from "../api.js";
import { DataTable } from "../components/data-table.js";
import { Field, formValues, Select } from "../components/fields.js";
import { Loading, Pager } from "../components/loading.js";
import { count, money, ms, when } from "../format.js";
import type { PageProps } from "../routes.js";
import type { SpendLog } from "../types.js";
import { useLoad } from "../use-load.js";
import { LogDetail } from "./log-detail.js";

/** A local calendar day ("YYYY-MM-DD" from a date input) as the ISO time of its local midnight; `next` = the day after. */
function localDayIso(day: string | undefined, next = false): string | undefined {
  if (!day) return undefined;
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y!, m! - 1, d! + (next ? 1 : 0)).toISOString();
}

/** Spend logs: filter by key, team, model, status and local dates; a page at a time; one request's detail. */
export function LogsPage(_: PageProps) {
  const [filter, setFilter] = useState<Record<string, string>>({});
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<SpendLog>();
  const load = useLoad(
    () =>
      api.get<{ data: SpendLog[]; total: number; total_pages: number }>("/spend/logs/ui", {
        api_key: filter.api_key,
        team_id: filter.team_id,
        model: filter.model,
        status_filter: filter.status,
        start_date: localDayIso(filter.from),
        end_date: localDayIso(filter.to, true),
        page,
        page_size: 25,
      }),
    [filter, page],
  );
  const apply = (e: Event) => {
    e.preventDefault();
    setFilter(formValues(e.target as HTMLFormElement));
    setPage(1);
  };
  return (
    <>
      <form class="filters" onSubmit={apply} aria-label="Filter spend logs">
        <Field label="Key or key hash" name="api_key" />
        <Field label="Team id" name="team_id" />
        <Field label="Model" name="model" />
        <Select
          label="Status"
          name="status"
          options={[
            ["", "Any"],
            ["success", "Success"],
            ["failure", "Failure"],
          ]}
        />
        <Field label="From" name="from" type="date" />
        <Field label="To" name="to" type="date" />
        <button type="submit">Apply filters</button>
      </form>
      <Loading load={load}>
        {(l) => (
          <>
            <p class="muted">{count(l.total)} requests</p>
            <DataTable
              caption="Spend logs"
              rows={l.data}
              rowKey={(r) => r.request_id}
              empty="No requests match."
              columns={[
                {
                  name: "Time",
                  cell: (r) => (
                    <button
                      type="button"
                      class="link"
                      onClick={() => setOpen(r)}
                      aria-label={`Details of the request at ${when(r.startTime)}`}
                    >
                      {when(r.startTime)}
                    </button>
                  ),
                },
                { name: "Model", cell: (r) => r.model_group ?? r.model },
                { name: "Key", cell: (r) => r.key_alias ?? (r.api_key ? `${r.api_key.slice(0, 10)}…` : "–") },
                { name: "Team", cell: (r) => r.team_id ?? "–" },
                {
                  name: "Status",
                  cell: (r) => <span class={r.status === "success" ? "badge ok" : "badge bad"}>{r.status_code}</span>,
                },
                { name: "Tokens", cell: (r) => count(r.total_tokens), num: true },
                { name: "Spend", cell: (r) => money(r.spend), num: true },
                { name: "Latency", cell: (r) => ms(r.latency_ms), num: true },
              ]}
            />
            <Pager page={page} pages={l.total_pages} onPage={setPage} />
          </>
        )}
      </Loading>
      {open && <LogDetail log={open} onClose={() => setOpen(undefined)} />}
    </>
  );
}
