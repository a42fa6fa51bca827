import type { Point, Series } from "./chart.js";

/** A chart's numbers as a table (for screen readers, copying, and anyone who prefers numbers). */
export function ChartTable({ title, series, points }: { title: string; series: Series[]; points: Point[] }) {
  return (
    <details class="chart-table">
      <summary>{title} as a table</summary>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {series.map((s) => (
                <th scope="col" key={s.name}>
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.long}>
                <th scope="row">{p.long}</th>
                {series.map((s, k) => (
                  <td key={s.name} class="num">
                    {s.format(p.values[k] ?? 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
