import { useState } from "preact/hooks";
import { api, ApiError } from "../api.js";
import { Chart } from "../components/chart.js";
import { Select } from "../components/fields.js";
import { Loading } from "../components/loading.js";
import { count, dayLabel, localMidnight, longDayLabel, money, percent } from "../format.js";
import type { PageProps } from "../routes.js";
import { useLoad } from "../use-load.js";

interface CacheView {
  hits: number;
  misses: number;
  hit_rate: number;
  saved_spend: number;
}
interface CacheStats extends CacheView {
  daily: Array<CacheView & { date: string }>;
}

/** The response cache's hits, misses and saved spend (UTC days, as /cache/stats reports them). */
export function CachePage(_: PageProps) {
  const [days, setDays] = useState(7);
  const load = useLoad(async () => {
    try {
      await api.get("/cache/ping");
    } catch (e) {
      if (e instanceof ApiError && e.code === "cache_not_enabled") return null;
      throw e;
    }
    return api.get<CacheStats>("/cache/stats", { start_date: localMidnight(days - 1).toISOString() });
  }, [days]);
  return (
    <>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <Select
          label="Range"
          name="range"
          value={String(days)}
          options={[
            ["7", "Last 7 days"],
            ["30", "Last 30 days"],
          ]}
          onChange={(v) => setDays(Number(v))}
        />
      </form>
      <Loading load={load}>
        {(s) =>
          s === null ? (
            <p>
              The response cache is off. Turn it on with <code>litellm_settings.cache: true</code> in config.yaml.
            </p>
          ) : (
            <>
              <section class="stats" aria-label="Cache totals">
                <div class="stat">
                  <span class="stat-name">Hits</span>
                  <span class="stat-value">{count(s.hits)}</span>
                </div>
                <div class="stat">
                  <span class="stat-name">Misses</span>
                  <span class="stat-value">{count(s.misses)}</span>
                </div>
                <div class="stat">
                  <span class="stat-name">Hit rate</span>
                  <span class="stat-value">{percent(s.hit_rate)}</span>
                </div>
                <div class="stat">
                  <span class="stat-name">Saved</span>
                  <span class="stat-value">{money(s.saved_spend)}</span>
                </div>
              </section>
              <Chart
                title="Cache hits and misses per day (UTC)"
                series={[
                  { name: "hits", tone: "s1", format: count },
                  { name: "misses", tone: "s2", format: count },
                ]}
                points={s.daily.map((d) => {
                  const [y, m, dd] = d.date.split("-").map(Number);
                  const day = new Date(y!, m! - 1, dd!); // the UTC day's date, labelled as that date
                  return { label: dayLabel(day), long: longDayLabel(day), values: [d.hits, d.misses] };
                })}
              />
            </>
          )
        }
      </Loading>
    </>
  );
}
