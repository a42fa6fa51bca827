import { describe, expect, it } from "vitest";
import { BudgetRecord } from "../../../src/admin/budget-record.js";
import { OrganizationRecord } from "../../../src/admin/organization-record.js";
import { bundleUsable, principalOf } from "../../../src/admin/principal-of.js";
import type { GatewayError } from "../../../src/errors/gateway-error.js";
import { modelAllowed } from "../../../src/access/model-access.js";
import { keyRecord, T0, teamRecord, userRecord } from "./fixtures.js";

const limits = {
  max_budget_micros: null,
  soft_budget_micros: null,
  budget_duration: null,
  budget_anchor: T0,
  tpm_limit: null,
  rpm_limit: null,
  max_parallel_requests: null,
};
const org = OrganizationRecord.parse({
  organization_id: "org-1",
  organization_alias: "Acme",
  models: ["gpt-4o", "claude"],
  ...limits,
  max_budget_micros: 5_000_000,
  metadata: {},
  created_at: T0,
  updated_at: T0,
  version: T0,
});
const budget = BudgetRecord.parse({
  budget_id: "b1",
  ...limits,
  max_budget_micros: 1_000_000,
  rpm_limit: 10,
  metadata: {},
  created_at: T0,
  updated_at: T0,
  version: T0 + 99,
});

function thrown(f: () => unknown): GatewayError {
  try {
    f();
  } catch (e) {
    return e as GatewayError;
  }
  throw new Error("expected a throw");
}

describe("the principal of a virtual key", () => {
  it("is charged to its organization too, and may use only what key, team and organization all allow", () => {
    const p = principalOf(
      { key: keyRecord({ team_id: "team-1" }), team: teamRecord({ models: ["gpt-4o", "gpt-4o-mini"] }), org },
      T0,
    );
    if (p.kind !== "virtual") throw new Error("virtual");
    expect(p.accounts.map((a) => `${a.ref.kind}:${a.ref.id}`)).toEqual(["key:key_1", "team:team-1", "org:org-1"]);
    expect(p.accounts[2]).toMatchObject({ label: 'organization "Acme"', limits: { maxBudgetMicros: 5_000_000 } });
    expect(p.organizationId).toBe("org-1");
    expect(modelAllowed(p, "gpt-4o")).toBe(true);
    expect(modelAllowed(p, "gpt-4o-mini")).toBe(false); // the team allows it, the organization does not
    expect(modelAllowed(p, "claude")).toBe(false); // the organization allows it, the team does not
  });

  it("takes its shared budget's limits where the key sets none, at the newer version", () => {
    const p = principalOf({ key: keyRecord({ budget_id: "b1", rpm_limit: 3 }), budgets: { key: budget } }, T0);
    if (p.kind !== "virtual") throw new Error("virtual");
    expect(p.accounts[0]!.limits).toMatchObject({ maxBudgetMicros: 1_000_000, rpmLimit: 3, version: T0 + 99 });
  });

  it("uses its team's model_aliases, with the key's own on top", () => {
    const p = principalOf(
      {
        key: keyRecord({ team_id: "team-1", aliases: { fast: "gpt-4o-mini" } }),
        team: teamRecord({ model_aliases: { fast: "gpt-4o", smart: "o3" } }),
      },
      T0,
    );
    if (p.kind !== "virtual") throw new Error("virtual");
    expect(p.aliases).toEqual({ fast: "gpt-4o-mini", smart: "o3" });
  });

  it("a regenerated key's previous value works until its grace period ends, then is refused wherever it is cached", () => {
    const bundle = { key: keyRecord(), user: userRecord(), graceUntil: T0 + 60_000 };
    expect(principalOf(bundle, T0 + 59_999).kind).toBe("virtual");
    expect(bundleUsable(bundle, T0 + 59_999)).toBe(true);
    expect(bundleUsable(bundle, T0 + 60_000)).toBe(false);
    const e = thrown(() => principalOf(bundle, T0 + 60_000));
    expect(e).toMatchObject({ status: 401, code: "expired_key" });
    expect(e.message).toContain("regenerated");
    expect(bundleUsable({ key: keyRecord() }, T0 + 1e12)).toBe(true);
  });

  it("a blocked organization stops its keys", () => {
    const e = thrown(() => principalOf({ key: keyRecord(), org: { ...org, blocked: true } }, T0));
    expect(e).toMatchObject({ status: 403, code: "organization_blocked" });
  });
});
