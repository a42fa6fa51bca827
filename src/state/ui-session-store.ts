import type { Principal } from "./principal.js";

/**
 * Dashboard sign-in sessions. A session is opened with the master key or a virtual key and stores
 * who opened it (the key's hash, never the key) and until when it lasts; the cookie carries a
 * signed random id whose SHA-256 names the row. Closing marks the row revoked.
 */
export interface UiSessionRecord {
  /** SHA-256 (hex) of the session id. */
  idHash: string;
  kind: "master" | "key";
  /** The signing-in key's hash; null for the master key. */
  keyHash: string | null;
  /** epoch ms */
  createdAt: number;
  /** epoch ms; the session is refused from this moment */
  expiresAt: number;
}

export interface UiSessionStore {
  open(s: UiSessionRecord): Promise<void>;
  /**
   * The principal of a live session: undefined when the id is unknown, expired or revoked. A key's
   * principal is read fresh, so a session ends as soon as its key is blocked, deleted, expired or
   * regenerated (principalOf's 401/403 is thrown).
   */
  principal(idHash: string, now: number): Promise<{ session: UiSessionRecord; principal: Principal } | undefined>;
  /** Revoke one session (sign-out). */
  close(idHash: string, now: number): Promise<void>;
  /** Revoke every live session, or those opened with one key; returns how many were revoked. */
  closeAll(filter: { keyHash?: string }, now: number): Promise<number>;
}
