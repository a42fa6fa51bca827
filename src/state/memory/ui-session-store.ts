import type { Principal } from "../principal.js";
import type { UiSessionRecord, UiSessionStore } from "../ui-session-store.js";

/**
 * Dashboard sessions in a Map (unit tests, library mode). `keyPrincipal` reads a key's principal
 * by its hash, fresh on every call, and throws or returns undefined once the key no longer works.
 */
export class MemoryUiSessionStore implements UiSessionStore {
  readonly rows = new Map<string, UiSessionRecord & { revokedAt: number | null }>();

  constructor(private readonly keyPrincipal: (keyHash: string) => Promise<Principal | undefined>) {}

  async open(s: UiSessionRecord): Promise<void> {
    this.rows.set(s.idHash, { ...s, revokedAt: null });
  }

  async principal(idHash: string, now: number) {
    const row = this.rows.get(idHash);
    if (!row || row.revokedAt !== null || row.expiresAt <= now) return undefined;
    const { revokedAt: _, ...session } = row;
    if (row.kind === "master") return { session, principal: { kind: "master" } as Principal };
    const principal = row.keyHash ? await this.keyPrincipal(row.keyHash) : undefined;
    return principal ? { session, principal } : undefined;
  }

  async close(idHash: string, now: number): Promise<void> {
    const row = this.rows.get(idHash);
    if (row && row.revokedAt === null) row.revokedAt = now;
  }

  async closeAll(filter: { keyHash?: string }, now: number): Promise<number> {
    let n = 0;
    for (const row of this.rows.values()) {
      if (row.revokedAt !== null || row.expiresAt <= now) continue;
      if (filter.keyHash !== undefined && row.keyHash !== filter.keyHash) continue;
      row.revokedAt = now;
      n++;
    }
    return n;
  }
}
