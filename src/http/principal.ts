/** Who is calling. The master key, or a virtual key with its scope (filled by the keys module). */
export type Principal =
  | { kind: "master" }
  | {
      kind: "virtual";
      keyHash: string;
      keyAlias: string | null;
      teamId: string | null;
      userId: string | null;
      /** Model groups/wildcards this caller may use; empty = all. Already key ∩ team. */
      models: string[];
      /** Per-key model aliases. */
      aliases: Record<string, string>;
      metadata: Record<string, unknown>;
    };
