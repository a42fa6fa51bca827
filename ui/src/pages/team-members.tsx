import { api } from "../api.js";
import { DataTable } from "../components/data-table.js";
import { Dialog } from "../components/dialog.js";
import { Field, formValues, Select } from "../components/fields.js";
import type { Team } from "../types.js";
import type { useAction } from "./use-action.js";

const name = (t: Team) => t.team_alias ?? t.team_id;

/** A team's members: who they are, their team role; admins add and remove them. */
export function Members({
  team,
  admin,
  act,
  onClose,
}: {
  team: Team;
  admin: boolean;
  act: ReturnType<typeof useAction>["act"];
  onClose: () => void;
}) {
  const add = async (e: Event) => {
    e.preventDefault();
    const f = formValues(e.target as HTMLFormElement);
    await act(
      () =>
        api.post("/team/member_add", { team_id: team.team_id, member: { user_id: f.user_id, role: f.role ?? "user" } }),
      `Added ${f.user_id}.`,
    );
  };
  return (
    <Dialog title={`Members of ${name(team)}`} onClose={onClose}>
      <DataTable
        caption="Members"
        rows={team.members_with_roles}
        rowKey={(m) => m.user_id ?? m.user_email ?? ""}
        empty="No members."
        columns={[
          { name: "User", cell: (m) => m.user_id ?? m.user_email ?? "–" },
          { name: "Role", cell: (m) => m.role },
          {
            name: "Actions",
            cell: (m) =>
              admin && m.user_id ? (
                <button
                  type="button"
                  class="danger"
                  onClick={() =>
                    act(
                      () => api.post("/team/member_delete", { team_id: team.team_id, user_id: m.user_id }),
                      `Removed ${m.user_id}.`,
                    )
                  }
                >
                  Remove
                </button>
              ) : null,
          },
        ]}
      />
      {admin && (
        <form onSubmit={add} class="inline-form">
          <Field label="User id" name="user_id" required />
          <Select
            label="Role"
            name="role"
            options={[
              ["user", "user"],
              ["admin", "admin"],
            ]}
          />
          <button type="submit">Add member</button>
        </form>
      )}
      <div class="actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
