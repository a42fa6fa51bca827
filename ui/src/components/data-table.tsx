import type { ComponentChildren } from "preact";

export interface Column<R> {
  name: string;
  cell: (r: R) => ComponentChildren;
  /** Right-aligned numbers. */
  num?: boolean;
}

/** A table that scrolls sideways inside its box at phone width; the first column heads each row. */
export function DataTable<R>({
  caption,
  columns,
  rows,
  rowKey,
  empty = "Nothing here yet.",
}: {
  caption: string;
  columns: Column<R>[];
  rows: R[];
  rowKey: (r: R) => string;
  empty?: string;
}) {
  if (rows.length === 0) return <p class="muted">{empty}</p>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than the screen scrolls by keyboard too
    <section class="table-wrap" tabIndex={0} aria-label={caption}>
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c.name} class={c.num ? "num" : undefined}>
                {c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)}>
              {columns.map((c, i) =>
                i === 0 ? (
                  <th scope="row" key={c.name}>
                    {c.cell(r)}
                  </th>
                ) : (
                  <td key={c.name} class={c.num ? "num" : undefined}>
                    {c.cell(r)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
