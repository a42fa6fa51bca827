import { useState } from "preact/hooks";
import { api } from "../api.js";
import { DataTable } from "../components/data-table.js";
import { Confirm, Dialog } from "../components/dialog.js";
import { Notice } from "../components/fields.js";
import { Loading, Pager } from "../components/loading.js";
import { SecretOnce } from "../components/secret-once.js";
import { count, money, when } from "../format.js";
import type { PageProps } from "../routes.js";
import { isAdmin, type Key, seesAll } from "../types.js";
import { useLoad } from "../use-load.js";
import { KeyFields, keyBody } from "./key-form.js";

interface KeyList {
  keys: Key[];
  total_pages: number;
}

const name = (k: Key) => k.key_alias ?? k.key_name;

/** Keys: create (the new key shown once), edit limits and budgets, block, regenerate, delete. */
export function KeysPage({ session }: PageProps) {
  const lists = seesAll(session) || (session.user_id !== null && session.role !== "none");
  const [page, setPage] = useState(1);
  const load = useLoad<KeyList>(
    () =>
      lists
        ? api.get<KeyList>("/key/list", { return_full_object: true, page, size: 25 })
        : api.get<{ info: Key }>("/key/info").then((r) => ({ keys: [r.info], total_pages: 1 })),
    [page],
  );
  const [secret, setSecret] = useState<string>();
  const [editing, setEditing] = useState<Key>();
  const [creating, setCreating] = useState(false);
  const [confirm, setConfirm] = useState<{ kind: "delete" | "regenerate"; key: Key }>();
  const [note, setNote] = useState<{ kind: "ok" | "error"; text: string }>();
  const writes = isAdmin(session) || session.role === "internal_user";
  const close = () => {
    setCreating(false);
    setEditing(undefined);
  };

  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      setNote({ kind: "ok", text: done });
      load.reload();
    } catch (e) {
      setNote({ kind: "error", text: e instanceof Error ? e.message : String(e) });
    }
  };
  const submit = (edit?: Key) => async (e: Event) => {
    e.preventDefault();
    const body = keyBody(e.target as HTMLFormElement, edit);
    if (edit) {
      await act(() => api.post("/key/update", { key: edit.token, ...body }), `Saved ${name(edit)}.`);
      setEditing(undefined);
      return;
    }
    await act(async () => setSecret((await api.post<{ key: string }>("/key/generate", body)).key), "Key created.");
    setCreating(false);
  };

  return (
    <>
      {note && <Notice kind={note.kind}>{note.text}</Notice>}
      {secret && <SecretOnce value={secret} onDone={() => setSecret(undefined)} />}
      {writes && (
        <button type="button" class="primary" onClick={() => setCreating(true)}>
          Create key
        </button>
      )}
      <Loading load={load}>
        {(l) => (
          <>
            <DataTable
              caption="Keys"
              rows={l.keys}
              rowKey={(k) => k.token}
              columns={[
                { name: "Key", cell: (k) => <span>{name(k)}</span> },
                {
                  name: "Status",
                  cell: (k) =>
                    k.blocked ? <span class="badge bad">Blocked</span> : <span class="badge ok">Active</span>,
                },
                {
                  name: "Spend",
                  cell: (k) => `${money(k.spend)}${k.max_budget === null ? "" : ` of ${money(k.max_budget)}`}`,
                  num: true,
                },
                { name: "RPM / TPM", cell: (k) => `${count(k.rpm_limit)} / ${count(k.tpm_limit)}`, num: true },
                { name: "Team", cell: (k) => k.team_id ?? "–" },
                { name: "User", cell: (k) => k.user_id ?? "–" },
                { name: "Expires", cell: (k) => when(k.expires) },
                {
                  name: "Actions",
                  cell: (k) => (
                    <div class="row-actions">
                      <button type="button" onClick={() => setEditing(k)} aria-label={`Edit ${name(k)}`}>
                        Edit
                      </button>
                      <button
                        type="button"
                        aria-label={`${k.blocked ? "Unblock" : "Block"} ${name(k)}`}
                        onClick={() =>
                          act(
                            () => api.post(k.blocked ? "/key/unblock" : "/key/block", { key: k.token }),
                            `${k.blocked ? "Unblocked" : "Blocked"} ${name(k)}.`,
                          )
                        }
                      >
                        {k.blocked ? "Unblock" : "Block"}
                      </button>
                      <button
                        type="button"
                        onClick={() => setConfirm({ kind: "regenerate", key: k })}
                        aria-label={`Regenerate ${name(k)}`}
                      >
                        Regenerate
                      </button>
                      <button
                        type="button"
                        class="danger"
                        onClick={() => setConfirm({ kind: "delete", key: k })}
                        aria-label={`Delete ${name(k)}`}
                      >
                        Delete
                      </button>
                    </div>
                  ),
                },
              ]}
            />
            <Pager page={page} pages={l.total_pages} onPage={setPage} />
          </>
        )}
      </Loading>
      {(creating || editing) && (
        <Dialog title={editing ? `Edit ${name(editing)}` : "Create key"} onClose={close}>
          <form onSubmit={submit(editing)}>
            <KeyFields record={editing} create={!editing} />
            <div class="actions">
              <button type="submit" class="primary">
                {editing ? "Save" : "Create"}
              </button>
              <button type="button" onClick={close}>
                Cancel
              </button>
            </div>
          </form>
        </Dialog>
      )}
      {confirm && (
        <Confirm
          title={confirm.kind === "delete" ? "Delete key" : "Regenerate key"}
          message={
            confirm.kind === "delete"
              ? `Delete ${name(confirm.key)}? Requests with it stop at once; this cannot be undone.`
              : `Regenerate ${name(confirm.key)}? The current value stops working; the new one is shown once.`
          }
          action={confirm.kind === "delete" ? "Delete" : "Regenerate"}
          onClose={() => setConfirm(undefined)}
          onConfirm={async () => {
            const k = confirm.key;
            setConfirm(undefined);
            if (confirm.kind === "delete")
              await act(() => api.post("/key/delete", { keys: [k.token] }), `Deleted ${name(k)}.`);
            else
              await act(
                async () => setSecret((await api.post<{ key: string }>("/key/regenerate", { key: k.token })).key),
                `Regenerated ${name(k)}.`,
              );
          }}
        />
      )}
    </>
  );
}
