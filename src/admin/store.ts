import type { SpendRecord } from "../state/spend-record.js";
import type { AuditTable } from "./audit-record.js";
import type { BudgetRecord } from "./budget-record.js";
import type { RuntimeModelRecord } from "./model-record.js";
import type { OrganizationRecord } from "./organization-record.js";
import type { CustomerRecord, KeyRecord, TeamRecord, UserRecord } from "./records.js";

/**
 * Where management records and spend logs live (D1 on Workers). Writes are rare; every value is a
 * bound parameter. Implementations throw BadRequestError for a duplicate id or alias.
 */
export interface EntityTable<R, F extends string = never> {
  get(id: string): Promise<R | undefined>;
  insert(r: R): Promise<void>;
  /** Write `r` if the stored version is still `expectedVersion`; false when someone else wrote first. */
  replace(r: R, expectedVersion: number): Promise<boolean>;
  /** Delete by id; returns the ids that existed. */
  remove(ids: string[]): Promise<string[]>;
  /** Newest first. */
  list(q: { where?: Partial<Record<F, string>>; offset: number; limit: number }): Promise<{ rows: R[]; total: number }>;
}

export interface KeyTable extends EntityTable<KeyRecord, "team_id" | "user_id" | "key_alias" | "budget_id"> {
  getByAlias(alias: string): Promise<KeyRecord | undefined>;
  /**
   * Replace the key stored under `oldToken` by `r` (a new token, same token_id): /key/regenerate.
   * `graceUntil`: the old key keeps working until then (epoch ms); otherwise it stops at once.
   */
  rekey(oldToken: string, r: KeyRecord, expectedVersion: number, graceUntil?: number): Promise<boolean>;
}

export interface UserTable extends EntityTable<UserRecord, "budget_id"> {
  getByEmail(email: string): Promise<UserRecord | undefined>;
}

/** Runtime deployments; every write bumps one version number that isolates poll. */
export interface ModelTable extends EntityTable<RuntimeModelRecord> {
  version(): Promise<number>;
  all(): Promise<RuntimeModelRecord[]>;
}

/** Memberships (team_members, organization_members): group id, user id, role. */
export interface MemberTable {
  add(teamId: string, userId: string, role: string): Promise<void>;
  remove(teamId: string, userIds: string[]): Promise<void>;
  removeTeam(teamId: string): Promise<void>;
  removeUser(userId: string): Promise<void>;
  teamsOf(userId: string): Promise<string[]>;
}

export interface SpendFilter {
  /** epoch ms, inclusive */
  start?: number;
  /** epoch ms, exclusive */
  end?: number;
  keyHash?: string;
  userId?: string;
  teamId?: string;
  endUser?: string;
  /** model group or vendor model */
  model?: string;
  requestId?: string;
}

export type SpendGroupBy = "api_key" | "team" | "user" | "model" | "tag" | "customer";

export interface SpendTotals {
  costMicros: number;
  requests: number;
  promptTokens: number;
  completionTokens: number;
}

export interface SpendGroupRow extends SpendTotals {
  /** UTC day, YYYY-MM-DD */
  day: string;
  /** key hash, team id, user id, model group, tag or end user; null = none */
  group: string | null;
  /** Display name of the group where it has one (a team's alias). */
  label?: string | null;
  model: string | null;
  keyHash: string | null;
}

export interface SpendQueries {
  logs(f: SpendFilter, limit: number): Promise<SpendRecord[]>;
  totals(f: SpendFilter): Promise<SpendTotals>;
  daily(f: SpendFilter): Promise<Array<SpendTotals & { day: string }>>;
  grouped(f: SpendFilter, by: SpendGroupBy): Promise<SpendGroupRow[]>;
}

export interface AdminStore {
  keys: KeyTable;
  teams: EntityTable<TeamRecord, "organization_id">;
  users: UserTable;
  customers: EntityTable<CustomerRecord, "budget_id">;
  members: MemberTable;
  organizations: EntityTable<OrganizationRecord, "budget_id">;
  orgMembers: MemberTable;
  budgets: EntityTable<BudgetRecord>;
  models: ModelTable;
  audit: AuditTable;
  spend: SpendQueries;
  /** The secret runtime model credentials are sealed with (SWITCHYARD_SALT_KEY); absent = /model/new is refused. */
  modelSecretKey?: string;
}
