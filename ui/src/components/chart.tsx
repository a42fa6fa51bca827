import { useState } from "preact/hooks";
import { ChartTable } from "./chart-table.js";

/**
 * A time chart in hand-written SVG: stacked bars (or a line) per point, numbers on hover and on
 * keyboard focus (each point is focusable and labelled), and the same numbers as a table.
 * The plot stretches to its box; axis labels are HTML, so text stays readable at phone width.
 */
export interface Series {
  name: string;
  /** CSS class of the series' colour (styles.css: .s0 .. .s3). */
  tone: string;
  format: (n: number) => string;
}

export interface Point {
  /** Short axis label ("Mar 3"). */
  label: string;
  /** Full label for the tooltip and table ("Tue, Mar 3"). */
  long: string;
  /** One value per series, stacked bottom to top. */
  values: number[];
}

interface Props {
  title: string;
  series: Series[];
  points: Point[];
  kind?: "bar" | "line";
  /** A horizontal line (a budget) the values are read against. */
  limit?: { value: number; label: string };
}

const VIEW_H = 100;

/**
 * A round ceiling for the axis: 1, 2 or 5 times a power of ten; for counts 2, 4 or 10 times
 * one (at least 2), so the middle line is a whole number too.
 */
function niceMax(v: number, counts: boolean): number {
  const steps = counts ? [2, 4, 10] : [1, 2, 5, 10];
  if (v <= 0) return counts ? 2 : 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return Math.max(counts ? 2 : 0, steps.map((m) => m * p).find((m) => m >= v) ?? 10 * p);
}

export function Chart({ title, series, points, kind = "bar", limit }: Props) {
  const [active, setActive] = useState<number | null>(null);
  const totals = points.map((p) => p.values.reduce((a, b) => a + b, 0));
  const counts = points.every((p) => p.values.every(Number.isInteger)) && (!limit || Number.isInteger(limit.value));
  const max = niceMax(Math.max(0, limit?.value ?? 0, ...totals), counts);
  const n = Math.max(1, points.length);
  const y = (v: number) => VIEW_H - (v / max) * VIEW_H;
  const fmt = series[0]?.format ?? String;
  const describe = (i: number) => {
    const p = points[i]!;
    return `${p.long}: ${series.map((s, k) => `${s.format(p.values[k] ?? 0)} ${s.name}`).join(", ")}`;
  };
  const labelAt = [0, Math.floor((points.length - 1) / 2), points.length - 1];
  return (
    <figure class="chart">
      <figcaption>
        <span class="chart-title">{title}</span>
        <span class="legend" aria-hidden="true">
          {series.map((s) => (
            <span key={s.name}>
              <i class={`swatch ${s.tone}`} />
              {s.name}
            </span>
          ))}
          {limit && (
            <span>
              <i class="swatch limit" />
              {limit.label}
            </span>
          )}
        </span>
      </figcaption>
      <div class="plot">
        <div class="y-axis" aria-hidden="true">
          <span>{fmt(max)}</span>
          <span>{fmt(max / 2)}</span>
          <span>{fmt(0)}</span>
        </div>
        <div class="plot-area">
          <svg viewBox={`0 0 ${n * 10} ${VIEW_H}`} preserveAspectRatio="none">
            <title>{title}</title>
            <line class="grid" x1="0" x2={n * 10} y1={VIEW_H / 2} y2={VIEW_H / 2} />
            {kind === "line" && (
              <polyline
                class={`line ${series[0]?.tone ?? ""}`}
                points={totals.map((t, i) => `${i * 10 + 5},${y(t)}`).join(" ")}
              />
            )}
            {limit && <line class="limit" x1="0" x2={n * 10} y1={y(limit.value)} y2={y(limit.value)} />}
            {points.map((p, i) => {
              let base = 0;
              return (
                // biome-ignore lint/a11y/noInteractiveElementToNoninteractiveRole: a point is an image of its numbers, focusable so keyboard users get them
                <g
                  key={p.long}
                  tabIndex={0}
                  role="img"
                  aria-label={describe(i)}
                  class={active === i ? "point active" : "point"}
                  onMouseEnter={() => setActive(i)}
                  onMouseLeave={() => setActive(null)}
                  onFocus={() => setActive(i)}
                  onBlur={() => setActive(null)}
                >
                  <rect class="hit" x={i * 10} y="0" width="10" height={VIEW_H} />
                  {kind === "bar" &&
                    p.values.map((v, k) => {
                      const top = y(base + v);
                      const h = y(base) - top;
                      base += v;
                      return v > 0 ? (
                        <rect
                          key={series[k]?.name}
                          class={`bar ${series[k]?.tone}`}
                          x={i * 10 + 1.5}
                          width="7"
                          y={top}
                          height={Math.max(h, 0.6)}
                        />
                      ) : null;
                    })}
                </g>
              );
            })}
          </svg>
          {active !== null && points[active] && (
            <div class="tip" aria-hidden="true" style={{ left: `${((active + 0.5) / n) * 100}%` }}>
              <strong>{points[active].long}</strong>
              {series.map((s, k) => (
                <span key={s.name}>
                  {s.name}: {s.format(points[active]?.values[k] ?? 0)}
                </span>
              ))}
              {limit && (
                <span>
                  {limit.label}: {fmt(limit.value)}
                </span>
              )}
            </div>
          )}
        </div>
        <span />
        <div class="x-axis" aria-hidden="true">
          {points.length > 0 && [...new Set(labelAt)].map((i) => <span key={i}>{points[i]?.label}</span>)}
        </div>
      </div>
      <ChartTable title={title} series={series} points={points} />
    </figure>
  );
}
