import { DataTable } from "../components/data-table.js";
import { count, money, ms, percent, short } from "../format.js";
import type { Sums } from "../types.js";

type Row = Sums & { id: string; label: string | null };

/** One breakdown of the range (model groups, teams or keys), highest spend first. */
export function Breakdown({ title, rows, name }: { title: string; rows: Row[]; name: (r: Row) => string }) {
  return (
    <section class="card">
      <h2>{title}</h2>
      <DataTable
        caption={title}
        rows={rows}
        rowKey={(r) => r.id}
        empty="No requests in this range."
        columns={[
          { name: "Name", cell: name },
          { name: "Spend", cell: (r) => money(r.spend), num: true },
          { name: "Requests", cell: (r) => count(r.requests), num: true },
          { name: "Errors", cell: (r) => (r.requests ? percent(r.errors / r.requests) : "–"), num: true },
          { name: "Tokens", cell: (r) => short(r.total_tokens), num: true },
          { name: "Mean latency", cell: (r) => ms(r.avg_latency_ms), num: true },
        ]}
      />
    </section>
  );
}
