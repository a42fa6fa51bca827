import type { AuditEntry } from "./audit-record.js";
import type { BudgetRecord } from "./budget-record.js";
import type { RuntimeModelRecord } from "./model-record.js";
import type { OrganizationRecord } from "./organization-record.js";
import type { CustomerRecord, KeyRecord, TeamRecord, UserRecord } from "./records.js";
import type { AdminStore, EntityTable } from "./store.js";

/** A change one management call made to one record: before and after (null when created / deleted). */
export type AuditChange = Pick<AuditEntry, "object_type" | "object_id" | "before_value" | "after_value">;

type Rec = Record<string, unknown>;

/** A stored record as the audit log keeps it: sealed credentials never leave, only their names. */
function masked(r: object | undefined): Rec | null {
  if (!r) return null;
  const out: Rec = { ...(r as Rec) };
  if ("secrets" in out) {
    out.secrets = out.secrets === null ? null : "***";
    for (const name of (out.secret_names as string[] | undefined) ?? [])
      out.litellm_params = { ...(out.litellm_params as Rec), [name]: "***" };
  }
  return out;
}

function audited<R extends object, T extends EntityTable<R, string>>(
  table: T,
  opts: { type: string; key: (r: R) => string; objectId: (r: R) => string; record: (c: AuditChange) => void },
): T {
  const change = (before: R | undefined, after: R | undefined) => {
    const r = (after ?? before)!;
    opts.record({
      object_type: opts.type,
      object_id: opts.objectId(r),
      before_value: masked(before),
      after_value: masked(after),
    });
  };
  return {
    ...table,
    async insert(r: R) {
      await table.insert(r);
      change(undefined, r);
    },
    async replace(r: R, expectedVersion: number) {
      const before = await table.get(opts.key(r));
      const ok = await table.replace(r, expectedVersion);
      if (ok) change(before, r);
      return ok;
    },
    async remove(ids: string[]) {
      const before = await Promise.all(ids.map((id) => table.get(id)));
      const gone = new Set(await table.remove(ids));
      for (const b of before) if (b && gone.has(opts.key(b))) change(b, undefined);
      return [...gone];
    },
  };
}

/**
 * The store with every record write reported to `record` (before and after): the audit log of a
 * management call is exactly what it changed, whichever handler made the change.
 */
export function auditedStore(store: AdminStore, record: (c: AuditChange) => void): AdminStore {
  const keys = audited<KeyRecord, AdminStore["keys"]>(store.keys, {
    type: "key",
    key: (r) => r.token,
    objectId: (r) => r.token_id,
    record,
  });
  return {
    ...store,
    keys: {
      ...keys,
      async rekey(oldToken, r, expectedVersion, graceUntil) {
        const before = await store.keys.get(oldToken);
        const ok = await store.keys.rekey(oldToken, r, expectedVersion, graceUntil);
        if (ok)
          record({ object_type: "key", object_id: r.token_id, before_value: masked(before), after_value: masked(r) });
        return ok;
      },
    },
    teams: audited<TeamRecord, AdminStore["teams"]>(store.teams, {
      type: "team",
      key: (r) => r.team_id,
      objectId: (r) => r.team_id,
      record,
    }),
    users: {
      ...audited<UserRecord, AdminStore["users"]>(store.users, {
        type: "user",
        key: (r) => r.user_id,
        objectId: (r) => r.user_id,
        record,
      }),
      getByEmail: (email) => store.users.getByEmail(email),
    },
    customers: audited<CustomerRecord, AdminStore["customers"]>(store.customers, {
      type: "customer",
      key: (r) => r.user_id,
      objectId: (r) => r.user_id,
      record,
    }),
    organizations: audited<OrganizationRecord, AdminStore["organizations"]>(store.organizations, {
      type: "organization",
      key: (r) => r.organization_id,
      objectId: (r) => r.organization_id,
      record,
    }),
    budgets: audited<BudgetRecord, AdminStore["budgets"]>(store.budgets, {
      type: "budget",
      key: (r) => r.budget_id,
      objectId: (r) => r.budget_id,
      record,
    }),
    models: audited<RuntimeModelRecord, AdminStore["models"]>(store.models, {
      type: "model",
      key: (r) => r.model_id,
      objectId: (r) => r.model_id,
      record,
    }),
  };
}
