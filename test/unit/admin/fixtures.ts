import { KeyRecord, TeamRecord, UserRecord } from "../../../src/admin/records.js";

const T0 = Date.UTC(2026, 4, 1);
const limits = {
  max_budget_micros: null,
  soft_budget_micros: null,
  budget_duration: null,
  budget_anchor: T0,
  tpm_limit: null,
  rpm_limit: null,
  max_parallel_requests: null,
};
const stamp = { metadata: {}, created_at: T0, updated_at: T0, version: T0 };

/** A stored key record (as D1 returns it) with the given fields. */
export function keyRecord(fields: Partial<KeyRecord> = {}): KeyRecord {
  return KeyRecord.parse({
    token: "a".repeat(64),
    token_id: "key_1",
    key_name: "sk-...abcd",
    key_alias: "ci",
    team_id: null,
    user_id: null,
    models: [],
    aliases: {},
    tags: [],
    blocked: false,
    duration: null,
    expires_at: null,
    ...limits,
    ...stamp,
    ...fields,
  });
}

export function teamRecord(fields: Partial<TeamRecord> = {}): TeamRecord {
  return TeamRecord.parse({
    team_id: "team-1",
    team_alias: null,
    models: [],
    blocked: false,
    members_with_roles: [],
    ...limits,
    ...stamp,
    ...fields,
  });
}

export function userRecord(fields: Partial<UserRecord> = {}): UserRecord {
  return UserRecord.parse({
    user_id: "ann",
    user_email: null,
    user_alias: null,
    user_role: "internal_user",
    models: [],
    ...limits,
    ...stamp,
    ...fields,
  });
}

export { T0 };
