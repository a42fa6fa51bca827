import { useState } from "preact/hooks";
import { api, type Query } from "../api.js";
import { Bars } from "../components/bars.js";
import { Chart } from "../components/chart.js";
import { Select } from "../components/fields.js";
import { localMidnight, money, percent } from "../format.js";
import { type Activity, type Key, type Session, seesAll, type Team } from "../types.js";
import { useLoad } from "../use-load.js";
import { dayPoints, localDays, perDay } from "./days.js";

interface Budgeted {
  id: string;
  name: string;
  spend: number;
  max: number;
  query: Query;
}

async function budgeted(session: Session): Promise<Budgeted[]> {
  const keys = seesAll(session)
    ? (await api.get<{ keys: Key[] }>("/key/list", { return_full_object: true, size: 100 })).keys
    : [(await api.get<{ info: Key; key: string }>("/key/info")).info];
  const teams = seesAll(session) ? await api.get<Team[]>("/team/list") : [];
  const all: Array<Omit<Budgeted, "max"> & { max: number | null }> = [
    ...keys.map((k) => ({
      id: `key:${k.token}`,
      name: `Key ${k.key_alias ?? k.key_name}`,
      spend: k.spend,
      max: k.max_budget,
      query: { api_key: k.token },
    })),
    ...teams.map((t) => ({
      id: `team:${t.team_id}`,
      name: `Team ${t.team_alias ?? t.team_id}`,
      spend: t.spend,
      max: t.max_budget,
      query: { team_id: t.team_id },
    })),
  ];
  return all
    .filter((b): b is Budgeted => typeof b.max === "number" && b.max > 0)
    .sort((a, b) => b.spend / b.max - a.spend / a.max);
}

/** Keys and teams with a max_budget: how much of it is spent, and one's cumulative spend over the range against it. */
export function BudgetBurn({ session, days }: { session: Session; days: number }) {
  const list = useLoad(() => budgeted(session), [session]);
  const [picked, setPicked] = useState("");
  const rows = list.data ?? [];
  const current = rows.find((r) => r.id === picked) ?? rows[0];
  const start = localMidnight(days - 1).getTime();
  const series = useLoad(
    async () =>
      current
        ? api.get<Activity>("/spend/activity", { ...current.query, start, end: localMidnight(-1).getTime() })
        : undefined,
    [current?.id, days],
  );
  if (rows.length === 0) return null;
  const dayList = localDays(days);
  const cumulative = series.data ? dayPoints(dayList, perDay(series.data.hourly, dayList), (s) => [s.spend]) : [];
  for (let i = 1; i < cumulative.length; i++) cumulative[i]!.values[0]! += cumulative[i - 1]!.values[0]!;
  return (
    <section class="card">
      <h2>Budget burn-down</h2>
      <Bars
        title="Budget used in the current period"
        names={["used"]}
        rows={rows
          .slice(0, 10)
          .map((r) => ({ label: `${r.name}: ${money(r.spend)} of ${money(r.max)}`, values: [r.spend / r.max] }))}
        format={percent}
      />
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <Select
          label="Burn-down of"
          name="budget"
          value={current?.id}
          options={rows.map((r) => [r.id, r.name])}
          onChange={setPicked}
        />
      </form>
      {current && cumulative.length > 0 && (
        <Chart
          title={`${current.name}: cumulative spend in the range`}
          kind="line"
          series={[{ name: "spent", tone: "s0", format: money }]}
          points={cumulative}
          limit={{ value: current.max, label: "max budget" }}
        />
      )}
    </section>
  );
}
