/**
 * Horizontal bars per row (latency percentiles, error rate per deployment) in plain HTML: each bar's
 * width is its share of the largest value, its number written beside it, so the figure is read
 * without hovering; the list is the table fallback at the same time.
 */
export interface BarRow {
  label: string;
  values: number[];
}

export function Bars({
  title,
  names,
  rows,
  format,
}: {
  title: string;
  names: string[];
  rows: BarRow[];
  format: (n: number) => string;
}) {
  const max = Math.max(0, ...rows.flatMap((r) => r.values)) || 1;
  return (
    <figure class="chart">
      <figcaption>
        <span class="chart-title">{title}</span>
        <span class="legend" aria-hidden="true">
          {names.map((name, k) => (
            <span key={name}>
              <i class={`swatch s${k}`} />
              {name}
            </span>
          ))}
        </span>
      </figcaption>
      {rows.length === 0 ? (
        <p class="muted">No requests in this range.</p>
      ) : (
        <table class="bars">
          <thead class="visually-hidden">
            <tr>
              <th scope="col">Deployment</th>
              {names.map((n) => (
                <th scope="col" key={n}>
                  {n}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                {r.values.map((v, k) => (
                  <td key={names[k]} title={`${names[k]}: ${format(v)}`}>
                    <span class={`hbar s${k}`} style={{ width: `${Math.max((v / max) * 100, v > 0 ? 1 : 0)}%` }} />
                    <span class="hbar-value">
                      <span class="visually-hidden">{names[k]}: </span>
                      {format(v)}
                    </span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
