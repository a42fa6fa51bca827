import type { Principal } from "../state/principal.js";
import type { TeamRecord, UserRecord } from "./records.js";
import type { AdminStore } from "./store.js";

/**
 * Who makes a management call, with LiteLLM's roles. The master key is a proxy_admin; a virtual
 * key takes its user's `user_role` (read fresh, not from the key cache); a key without a user has
 * no role and may only read what concerns itself. Team roles (admin / user) come from the team's
 * members_with_roles, looked up for the team a call is about.
 */
export type CallerRole = UserRecord["user_role"] | "none";

export interface Actor {
  kind: "master" | "key";
  role: CallerRole;
  /** "master_key", or the calling key's hash (never the key). */
  id: string;
  /** The calling key's alias or display hint. */
  alias: string | null;
  keyHash: string | null;
  tokenId: string | null;
  userId: string | null;
  teamId: string | null;
  user?: UserRecord;
}

export const MASTER_ACTOR: Actor = {
  kind: "master",
  role: "proxy_admin",
  id: "master_key",
  alias: null,
  keyHash: null,
  tokenId: null,
  userId: null,
  teamId: null,
};

export async function actorOf(p: Principal, store: AdminStore): Promise<Actor> {
  if (p.kind === "master") return MASTER_ACTOR;
  const user = p.userId ? await store.users.get(p.userId) : undefined;
  return {
    kind: "key",
    role: user?.user_role ?? "none",
    id: p.keyHash,
    alias: p.keyAlias ?? p.keyName,
    keyHash: p.keyHash,
    tokenId: p.tokenId ?? null,
    userId: p.userId,
    teamId: p.teamId,
    user,
  };
}

/** proxy_admin: everything the master key may do. */
export const isProxyAdmin = (a: Actor) => a.role === "proxy_admin";
/** proxy_admin or proxy_admin_viewer: may read everything. */
export const seesAll = (a: Actor) => a.role === "proxy_admin" || a.role === "proxy_admin_viewer";
/** internal_user: may manage their own keys. */
export const isInternalUser = (a: Actor) => a.role === "internal_user";

export function isTeamAdmin(a: Actor, team: Pick<TeamRecord, "members_with_roles">): boolean {
  return !!a.userId && team.members_with_roles.some((m) => m.user_id === a.userId && m.role === "admin");
}

export function isTeamMember(a: Actor, team: Pick<TeamRecord, "members_with_roles" | "team_id">): boolean {
  return (
    (!!a.userId && team.members_with_roles.some((m) => m.user_id === a.userId)) ||
    (a.teamId !== null && a.teamId === team.team_id)
  );
}

/** How the actor is named in messages (never a key). */
export function actorLabel(a: Actor): string {
  if (a.kind === "master") return "the master key";
  return `key ${a.alias ?? "(no alias)"} (role ${a.role === "none" ? "none: the key has no user" : a.role})`;
}
