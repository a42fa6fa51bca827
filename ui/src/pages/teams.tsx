import { useState } from "preact/hooks";
import { api } from "../api.js";
import { DataTable } from "../components/data-table.js";
import { Confirm, Dialog } from "../components/dialog.js";
import { Field, formValues, list, Notice, num } from "../components/fields.js";
import { Loading } from "../components/loading.js";
import { money } from "../format.js";
import type { PageProps } from "../routes.js";
import { isAdmin, type Team } from "../types.js";
import { useLoad } from "../use-load.js";
import { Members } from "./team-members.js";
import { useAction } from "./use-action.js";

const name = (t: Team) => t.team_alias ?? t.team_id;

/** Teams and their members: create, set budgets, block, add and remove members, delete. */
export function TeamsPage({ session }: PageProps) {
  const load = useLoad(() => api.get<Team[]>("/team/list"), []);
  const { note, act } = useAction(load.reload);
  const [creating, setCreating] = useState(false);
  const [members, setMembers] = useState<string>();
  const [removing, setRemoving] = useState<Team>();
  const admin = isAdmin(session);
  const create = async (e: Event) => {
    e.preventDefault();
    const f = formValues(e.target as HTMLFormElement);
    const body = {
      team_alias: f.team_alias,
      models: list(f.models),
      max_budget: num(f.max_budget),
      budget_duration: f.budget_duration,
    };
    if (await act(() => api.post("/team/new", body), `Created team ${f.team_alias ?? ""}.`)) setCreating(false);
  };
  const team = load.data?.find((t) => t.team_id === members);
  return (
    <>
      {note && <Notice kind={note.kind}>{note.text}</Notice>}
      {admin && (
        <button type="button" class="primary" onClick={() => setCreating(true)}>
          Create team
        </button>
      )}
      <Loading load={load}>
        {(teams) => (
          <DataTable
            caption="Teams"
            rows={teams}
            rowKey={(t) => t.team_id}
            columns={[
              { name: "Team", cell: name },
              {
                name: "Status",
                cell: (t) =>
                  t.blocked ? <span class="badge bad">Blocked</span> : <span class="badge ok">Active</span>,
              },
              {
                name: "Spend",
                cell: (t) => `${money(t.spend)}${t.max_budget === null ? "" : ` of ${money(t.max_budget)}`}`,
                num: true,
              },
              { name: "Members", cell: (t) => String(t.members_with_roles.length), num: true },
              { name: "Models", cell: (t) => (t.models.length ? t.models.join(", ") : "all") },
              {
                name: "Actions",
                cell: (t) => (
                  <div class="row-actions">
                    <button type="button" onClick={() => setMembers(t.team_id)} aria-label={`Members of ${name(t)}`}>
                      Members
                    </button>
                    {admin && (
                      <button
                        type="button"
                        onClick={() =>
                          act(
                            () => api.post(t.blocked ? "/team/unblock" : "/team/block", { team_id: t.team_id }),
                            `${t.blocked ? "Unblocked" : "Blocked"} ${name(t)}.`,
                          )
                        }
                        aria-label={`${t.blocked ? "Unblock" : "Block"} ${name(t)}`}
                      >
                        {t.blocked ? "Unblock" : "Block"}
                      </button>
                    )}
                    {admin && (
                      <button
                        type="button"
                        class="danger"
                        onClick={() => setRemoving(t)}
                        aria-label={`Delete ${name(t)}`}
                      >
                        Delete
                      </button>
                    )}
                  </div>
                ),
              },
            ]}
          />
        )}
      </Loading>
      {creating && (
        <Dialog title="Create team" onClose={() => setCreating(false)}>
          <form onSubmit={create}>
            <div class="grid-fields">
              <Field label="Alias" name="team_alias" required />
              <Field label="Models (comma-separated, blank = all)" name="models" />
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
      {team && <Members team={team} admin={admin} act={act} onClose={() => setMembers(undefined)} />}
      {removing && (
        <Confirm
          title="Delete team"
          message={`Delete team ${name(removing)}? Its keys lose the team's limits and models.`}
          action="Delete"
          onClose={() => setRemoving(undefined)}
          onConfirm={async () => {
            setRemoving(undefined);
            await act(() => api.post("/team/delete", { team_ids: [removing.team_id] }), `Deleted ${name(removing)}.`);
          }}
        />
      )}
    </>
  );
}
