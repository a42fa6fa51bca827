import { useState } from "preact/hooks";
import { api } from "../api.js";
import { DataTable } from "../components/data-table.js";
import { Confirm, Dialog } from "../components/dialog.js";
import { Field, formValues, Notice, num, Select } from "../components/fields.js";
import { Loading, Pager } from "../components/loading.js";
import { money } from "../format.js";
import type { PageProps } from "../routes.js";
import { isAdmin, type User } from "../types.js";
import { useLoad } from "../use-load.js";
import { useAction } from "./use-action.js";

const ROLES: Array<[string, string]> = [
  ["internal_user", "internal_user: manages own keys"],
  ["internal_user_viewer", "internal_user_viewer: reads own usage"],
  ["proxy_admin_viewer", "proxy_admin_viewer: reads everything"],
  ["proxy_admin", "proxy_admin: manages everything"],
];

/** Internal users: create, change role and budget, delete. */
export function UsersPage({ session }: PageProps) {
  const [page, setPage] = useState(1);
  const load = useLoad(
    () => api.get<{ users: User[]; total_pages: number }>("/user/list", { page, page_size: 25 }),
    [page],
  );
  const { note, act } = useAction(load.reload);
  const [editing, setEditing] = useState<User | "new">();
  const [removing, setRemoving] = useState<User>();
  const admin = isAdmin(session);
  const submit = async (e: Event) => {
    e.preventDefault();
    const f = formValues(e.target as HTMLFormElement);
    const body = {
      user_email: f.user_email,
      user_role: f.user_role,
      max_budget: num(f.max_budget) ?? null,
      budget_duration: f.budget_duration ?? null,
    };
    const ok =
      editing === "new"
        ? await act(
            () =>
              api.post("/user/new", {
                user_id: f.user_id,
                ...body,
                max_budget: num(f.max_budget),
                budget_duration: f.budget_duration,
              }),
            "User created.",
          )
        : await act(() => api.post("/user/update", { user_id: (editing as User).user_id, ...body }), "User saved.");
    if (ok) setEditing(undefined);
  };
  const u = editing === "new" ? undefined : editing;
  return (
    <>
      {note && <Notice kind={note.kind}>{note.text}</Notice>}
      {admin && (
        <button type="button" class="primary" onClick={() => setEditing("new")}>
          Create user
        </button>
      )}
      <Loading load={load}>
        {(l) => (
          <>
            <DataTable
              caption="Users"
              rows={l.users}
              rowKey={(x) => x.user_id}
              columns={[
                { name: "User", cell: (x) => x.user_email ?? x.user_id },
                { name: "Role", cell: (x) => x.user_role },
                {
                  name: "Spend",
                  cell: (x) => `${money(x.spend)}${x.max_budget === null ? "" : ` of ${money(x.max_budget)}`}`,
                  num: true,
                },
                {
                  name: "Actions",
                  cell: (x) =>
                    admin ? (
                      <div class="row-actions">
                        <button
                          type="button"
                          onClick={() => setEditing(x)}
                          aria-label={`Edit ${x.user_email ?? x.user_id}`}
                        >
                          Edit
                        </button>
                        <button
                          type="button"
                          class="danger"
                          onClick={() => setRemoving(x)}
                          aria-label={`Delete ${x.user_email ?? x.user_id}`}
                        >
                          Delete
                        </button>
                      </div>
                    ) : null,
                },
              ]}
            />
            <Pager page={page} pages={l.total_pages} onPage={setPage} />
          </>
        )}
      </Loading>
      {editing && (
        <Dialog title={u ? `Edit ${u.user_email ?? u.user_id}` : "Create user"} onClose={() => setEditing(undefined)}>
          <form onSubmit={submit}>
            <div class="grid-fields">
              {!u && <Field label="User id (blank = generated)" name="user_id" />}
              <Field label="Email" name="user_email" type="email" value={u?.user_email ?? ""} />
              <Select label="Role" name="user_role" value={u?.user_role ?? "internal_user"} options={ROLES} />
              <Field
                label="Max budget (USD)"
                name="max_budget"
                type="number"
                step="any"
                min="0"
                value={u?.max_budget?.toString() ?? ""}
              />
              <Field label="Budget period" name="budget_duration" value={u?.budget_duration ?? ""} placeholder="30d" />
            </div>
            <div class="actions">
              <button type="submit" class="primary">
                {u ? "Save" : "Create"}
              </button>
              <button type="button" onClick={() => setEditing(undefined)}>
                Cancel
              </button>
            </div>
          </form>
        </Dialog>
      )}
      {removing && (
        <Confirm
          title="Delete user"
          message={`Delete ${removing.user_email ?? removing.user_id}? Their keys are deleted too.`}
          action="Delete"
          onClose={() => setRemoving(undefined)}
          onConfirm={async () => {
            setRemoving(undefined);
            await act(() => api.post("/user/delete", { user_ids: [removing.user_id] }), "User deleted.");
          }}
        />
      )}
    </>
  );
}
