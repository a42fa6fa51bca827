import type { AccountClaim, AccountLimits } from "./account-limits.js";

/** Who is calling. The master key, or a virtual key with its scope (filled by the keys module). */
export type Principal =
  | { kind: "master" }
  | {
      kind: "virtual";
      keyHash: string;
      keyAlias: string | null;
      /** Display hint of the key, e.g. "sk-...a1b2" (never the key). */
      keyName: string;
      teamId: string | null;
      /** The team's alias, for logs and alerts. */
      teamAlias?: string | null;
      userId: string | null;
      /** Model groups/wildcards this caller may use; empty = all. Already key ∩ team ∩ user ∩ organization. */
      models: string[];
      /** Model aliases: the team's model_aliases with the key's own on top. */
      aliases: Record<string, string>;
      metadata: Record<string, unknown>;
      /** Accounts every request of this key is charged to and limited by (key, team, user, organization). */
      accounts: AccountClaim[];
      /** Stable id of the key (survives /key/regenerate; names its ledgers). */
      tokenId?: string;
      organizationId?: string | null;
      /**
       * The allow-lists (key, team, user, organization) that must each permit a model; an empty list
       * permits all. Entries may name model access groups (model_info.access_groups), which
       * `models` cannot express; src/http/model-access.ts reads these when present.
       */
      allowLists?: string[][];
      /** model_max_budget: model group (or pattern) → the limits of this key's ledger for that group. */
      modelBudgets?: Record<string, AccountLimits>;
      /** allowed_cache_controls: the response-cache controls this key may use; absent or empty = all. */
      allowedCacheControls?: string[];
    };
