import type { AccountClaim } from "./account-limits.js";

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
      userId: string | null;
      /** Model groups/wildcards this caller may use; empty = all. Already key ∩ team ∩ user. */
      models: string[];
      /** Per-key model aliases. */
      aliases: Record<string, string>;
      metadata: Record<string, unknown>;
      /** Accounts every request of this key is charged to and limited by (key, team, user). */
      accounts: AccountClaim[];
    };
