import { useState } from "preact/hooks";
import { api } from "../api.js";
import { Chart } from "../components/chart.js";
import { Select } from "../components/fields.js";
import { Loading } from "../components/loading.js";
import { count, localMidnight, money, percent, short } from "../format.js";
import type { PageProps } from "../routes.js";
import type { Activity } from "../types.js";
import { useLoad } from "../use-load.js";
import { BudgetBurn } from "./budget-burn.js";
import { dayPoints, localDays, perDay } from "./days.js";
import { Breakdown } from "./breakdown.js";

const RANGES: Array<[string, string]> = [
  ["7", "Last 7 days"],
  ["30", "Last 30 days"],
  ["90", "Last 90 days"],
];

/** Requests, errors, spend and tokens per local day; the top model groups, teams and keys; budget burn-down. */
export function OverviewPage({ session }: PageProps) {
  const [days, setDays] = useState(7);
  const [model, setModel] = useState("");
  const range = { start: localMidnight(days - 1).getTime(), end: localMidnight(-1).getTime() };
  const load = useLoad(() => api.get<Activity>("/spend/activity", { ...range, model }), [days, model]);
  return (
    <>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <Select label="Range" name="range" value={String(days)} options={RANGES} onChange={(v) => setDays(Number(v))} />
        <Select
          label="Model group"
          name="model"
          value={model}
          options={[["", "All"], ...(load.data?.by_model ?? []).map((m): [string, string] => [m.id, m.id || "(none)"])]}
          onChange={setModel}
        />
      </form>
      <Loading load={load}>
        {(a) => {
          const dayList = localDays(days);
          const sums = perDay(a.hourly, dayList);
          const t = a.totals;
          return (
            <>
              {a.scope.type !== "all" && (
                <p class="muted">Showing only your own usage ({a.scope.type === "key" ? "this key" : a.scope.type}).</p>
              )}
              <section class="stats" aria-label="Totals for the range">
                <Stat name="Requests" value={count(t.requests)} />
                <Stat name="Errors" value={`${count(t.errors)} (${percent(t.requests ? t.errors / t.requests : 0)})`} />
                <Stat name="Spend" value={money(t.spend)} />
                <Stat name="Tokens" value={short(t.total_tokens)} />
              </section>
              <div class="charts">
                <Chart
                  title="Spend per day"
                  series={[{ name: "spend", tone: "s0", format: money }]}
                  points={dayPoints(dayList, sums, (s) => [s.spend])}
                />
                <Chart
                  title="Requests per day"
                  series={[
                    { name: "errors", tone: "s3", format: count },
                    { name: "successful", tone: "s1", format: count },
                  ]}
                  points={dayPoints(dayList, sums, (s) => [s.errors, s.requests - s.errors])}
                />
                <Chart
                  title="Tokens per day"
                  series={[
                    { name: "prompt", tone: "s2", format: short },
                    { name: "completion", tone: "s0", format: short },
                  ]}
                  points={dayPoints(dayList, sums, (s) => [s.prompt_tokens, s.completion_tokens])}
                />
              </div>
              <div class="columns">
                <Breakdown title="By model group" rows={a.by_model} name={(r) => r.id || "(none)"} />
                {a.scope.type === "all" && (
                  <Breakdown title="By team" rows={a.by_team} name={(r) => r.label ?? (r.id || "No team")} />
                )}
                {a.scope.type === "all" && (
                  <Breakdown
                    title="Top spenders (keys)"
                    rows={a.by_key}
                    name={(r) => r.label ?? (r.id ? `${r.id.slice(0, 10)}…` : "No key")}
                  />
                )}
              </div>
              <BudgetBurn session={session} days={days} />
            </>
          );
        }}
      </Loading>
    </>
  );
}

function Stat({ name, value }: { name: string; value: string }) {
  return (
    <div class="stat">
      <span class="stat-name">{name}</span>
      <span class="stat-value">{value}</span>
    </div>
  );
}
