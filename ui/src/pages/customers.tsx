import { useState } from "preact/hooks";
import { api } from "../api.js";
import { DataTable } from "../components/data-table.js";
import { Confirm, Dialog } from "../components/dialog.js";
import { Field, formValues, Notice, num } from "../components/fields.js";
import { Loading } from "../components/loading.js";
import { money } from "../format.js";
import type { PageProps } from "../routes.js";
import { type Customer, isAdmin } from "../types.js";
import { useLoad } from "../use-load.js";
import { useAction } from "./use-action.js";

const name = (c: Customer) => c.alias ?? c.user_id;

/** Customers (the `user` of OpenAI requests): budgets, block, delete. */
export function CustomersPage({ session }: PageProps) {
  const load = useLoad(() => api.get<Customer[]>("/customer/list"), []);
  const { note, act } = useAction(load.reload);
  const [creating, setCreating] = useState(false);
  const [removing, setRemoving] = useState<Customer>();
  const admin = isAdmin(session);
  const create = async (e: Event) => {
    e.preventDefault();
    const f = formValues(e.target as HTMLFormElement);
    const body = {
      user_id: f.user_id,
      alias: f.alias,
      max_budget: num(f.max_budget),
      budget_duration: f.budget_duration,
    };
    if (await act(() => api.post("/customer/new", body), `Created customer ${f.user_id}.`)) setCreating(false);
  };
  return (
    <>
      {note && <Notice kind={note.kind}>{note.text}</Notice>}
      {admin && (
        <button type="button" class="primary" onClick={() => setCreating(true)}>
          Create customer
        </button>
      )}
      <Loading load={load}>
        {(rows) => (
          <DataTable
            caption="Customers"
            rows={rows}
            rowKey={(c) => c.user_id}
            empty="No customers yet: they appear when created here or by /customer/new."
            columns={[
              { name: "Customer", cell: name },
              {
                name: "Status",
                cell: (c) =>
                  c.blocked ? <span class="badge bad">Blocked</span> : <span class="badge ok">Active</span>,
              },
              {
                name: "Spend",
                cell: (c) =>
                  `${money(c.spend)}${c.litellm_budget_table.max_budget === null ? "" : ` of ${money(c.litellm_budget_table.max_budget)}`}`,
                num: true,
              },
              {
                name: "Actions",
                cell: (c) =>
                  admin ? (
                    <div class="row-actions">
                      <button
                        type="button"
                        onClick={() =>
                          act(
                            () =>
                              api.post(c.blocked ? "/customer/unblock" : "/customer/block", { user_ids: [c.user_id] }),
                            `${c.blocked ? "Unblocked" : "Blocked"} ${name(c)}.`,
                          )
                        }
                        aria-label={`${c.blocked ? "Unblock" : "Block"} ${name(c)}`}
                      >
                        {c.blocked ? "Unblock" : "Block"}
                      </button>
                      <button
                        type="button"
                        class="danger"
                        onClick={() => setRemoving(c)}
                        aria-label={`Delete ${name(c)}`}
                      >
                        Delete
                      </button>
                    </div>
                  ) : null,
              },
            ]}
          />
        )}
      </Loading>
      {creating && (
        <Dialog title="Create customer" onClose={() => setCreating(false)}>
          <form onSubmit={create}>
            <div class="grid-fields">
              <Field label="Customer id (the request's user)" name="user_id" required />
              <Field label="Alias" name="alias" />
              <Field label="Max budget (USD)" name="max_budget" type="number" step="any" min="0" />
              <Field label="Budget period" name="budget_duration" placeholder="30d" />
            </div>
            <div class="actions">
              <button type="submit" class="primary">
                Create
              </button>
              <button type="button" onClick={() => setCreating(false)}>
                Cancel
              </button>
            </div>
          </form>
        </Dialog>
      )}
      {removing && (
        <Confirm
          title="Delete customer"
          message={`Delete customer ${name(removing)}?`}
          action="Delete"
          onClose={() => setRemoving(undefined)}
          onConfirm={async () => {
            setRemoving(undefined);
            await act(
              () => api.post("/customer/delete", { user_ids: [removing.user_id] }),
              `Deleted ${name(removing)}.`,
            );
          }}
        />
      )}
    </>
  );
}
