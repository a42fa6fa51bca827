import { principalOf } from "../../admin/principal-of.js";
import type { Principal } from "../principal.js";
import type { UiSessionRecord, UiSessionStore } from "../ui-session-store.js";
import { lookupKeyBundle } from "./d1-key-bundle.js";

interface Row {
  id_hash: string;
  kind: string;
  key_hash: string | null;
  created_at: number;
  expires_at: number;
}

/** Dashboard sessions in D1 (ui_sessions, migrations/0009_dashboard.sql); a key's principal is read fresh. */
export class D1UiSessionStore implements UiSessionStore {
  constructor(private readonly db: D1Database) {}

  async open(s: UiSessionRecord): Promise<void> {
    await this.db
      .prepare("INSERT INTO ui_sessions (id_hash, kind, key_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
      .bind(s.idHash, s.kind, s.keyHash, s.createdAt, s.expiresAt)
      .run();
  }

  async principal(
    idHash: string,
    now: number,
  ): Promise<{ session: UiSessionRecord; principal: Principal } | undefined> {
    const row = await this.db
      .prepare(
        "SELECT id_hash, kind, key_hash, created_at, expires_at FROM ui_sessions WHERE id_hash = ? AND revoked_at IS NULL AND expires_at > ?",
      )
      .bind(idHash, now)
      .first<Row>();
    if (!row) return undefined;
    const session: UiSessionRecord = {
      idHash: row.id_hash,
      kind: row.kind === "master" ? "master" : "key",
      keyHash: row.key_hash,
      createdAt: Number(row.created_at),
      expiresAt: Number(row.expires_at),
    };
    if (session.kind === "master") return { session, principal: { kind: "master" } };
    if (!session.keyHash) return undefined;
    const bundle = await lookupKeyBundle(this.db, session.keyHash);
    // a deleted key ends its sessions; a blocked, expired or regenerated one throws its own 401/403
    return bundle ? { session, principal: principalOf(bundle, now) } : undefined;
  }

  async close(idHash: string, now: number): Promise<void> {
    await this.db
      .prepare("UPDATE ui_sessions SET revoked_at = ? WHERE id_hash = ? AND revoked_at IS NULL")
      .bind(now, idHash)
      .run();
  }

  async closeAll(filter: { keyHash?: string }, now: number): Promise<number> {
    const res =
      filter.keyHash === undefined
        ? await this.db
            .prepare("UPDATE ui_sessions SET revoked_at = ? WHERE revoked_at IS NULL AND expires_at > ?")
            .bind(now, now)
            .run()
        : await this.db
            .prepare(
              "UPDATE ui_sessions SET revoked_at = ? WHERE key_hash = ? AND revoked_at IS NULL AND expires_at > ?",
            )
            .bind(now, filter.keyHash, now)
            .run();
    return res.meta.changes ?? 0;
  }
}
