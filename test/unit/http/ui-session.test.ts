import { describe, expect, it } from "vitest";
import type { Deps } from "../../../src/deps.js";
import { authenticate } from "../../../src/http/authenticate.js";
import { newSession, readSession, SESSION_COOKIE, SESSION_TTL_MS } from "../../../src/http/ui-session.js";
import type { Principal } from "../../../src/state/principal.js";
import { MemoryUiSessionStore } from "../../../src/state/memory/ui-session-store.js";

const MASTER = "sk-master-session-test";
const KEY_HASH = "a".repeat(64);
const keyPrincipal: Principal = {
  kind: "virtual",
  keyHash: KEY_HASH,
  keyAlias: "svc",
  keyName: "sk-...abcd",
  teamId: null,
  userId: null,
  models: [],
  aliases: {},
  metadata: {},
  accounts: [],
};

function setup(opts: { blocked?: () => boolean } = {}) {
  let now = 1_700_000_000_000;
  const store = new MemoryUiSessionStore(async (hash) => {
    if (opts.blocked?.()) throw new Error("blocked");
    return hash === KEY_HASH ? keyPrincipal : undefined;
  });
  const deps = (master = MASTER) =>
    ({ config: { masterKey: master }, now: () => now, state: { uiSessions: store } }) as unknown as Deps;
  const open = async (kind: "master" | "key") => {
    const s = await newSession(MASTER);
    await store.open({
      idHash: s.idHash,
      kind,
      keyHash: kind === "key" ? KEY_HASH : null,
      createdAt: now,
      expiresAt: now + SESSION_TTL_MS,
    });
    return { ...s, cookie: `other=1; ${SESSION_COOKIE}=${s.cookieValue}` };
  };
  return { store, deps, open, advance: (ms: number) => (now += ms) };
}

const headers = (cookie: string, csrf?: string) =>
  new Headers({ cookie, ...(csrf === undefined ? {} : { "x-csrf-token": csrf }) });

describe("dashboard sessions", () => {
  it("authenticates an API call by the session cookie together with its CSRF token", async () => {
    const t = setup();
    const s = await t.open("key");
    expect(await authenticate(t.deps(), headers(s.cookie, s.csrfToken))).toEqual(keyPrincipal);
    const master = await t.open("master");
    expect(await authenticate(t.deps(), headers(master.cookie, master.csrfToken))).toEqual({ kind: "master" });
  });

  it("refuses a cookie without the CSRF token, or with another session's token (403)", async () => {
    const t = setup();
    const s = await t.open("master");
    const other = await t.open("master");
    await expect(authenticate(t.deps(), headers(s.cookie))).rejects.toMatchObject({
      status: 403,
      code: "csrf_token_invalid",
    });
    await expect(authenticate(t.deps(), headers(s.cookie, other.csrfToken))).rejects.toMatchObject({ status: 403 });
    // only GET /ui/session reads a session without the token (it hands the token out)
    expect((await readSession(t.deps(), headers(s.cookie), { csrf: false }))?.csrfToken).toBe(s.csrfToken);
  });

  it("refuses a forged or tampered cookie (401)", async () => {
    const t = setup();
    const s = await t.open("master");
    const [id] = s.cookieValue.split(".");
    const forged = `${SESSION_COOKIE}=${id}.AAAA`;
    await expect(readSession(t.deps(), headers(forged), { csrf: false })).rejects.toMatchObject({
      status: 401,
      code: "session_expired",
    });
    const unknown = await newSession(MASTER); // correctly signed, never opened
    await expect(
      readSession(t.deps(), headers(`${SESSION_COOKIE}=${unknown.cookieValue}`), { csrf: false }),
    ).rejects.toMatchObject({ status: 401 });
  });

  it("ends a session when it expires, when it is revoked, and when the master key changes", async () => {
    const t = setup();
    const s = await t.open("master");
    t.advance(SESSION_TTL_MS - 1);
    expect(await readSession(t.deps(), headers(s.cookie, s.csrfToken), { csrf: true })).toBeDefined();
    t.advance(1);
    await expect(readSession(t.deps(), headers(s.cookie, s.csrfToken), { csrf: true })).rejects.toMatchObject({
      status: 401,
    });

    const r = await t.open("key");
    expect(await t.store.closeAll({ keyHash: KEY_HASH }, 0)).toBe(1);
    await expect(authenticate(t.deps(), headers(r.cookie, r.csrfToken))).rejects.toMatchObject({ status: 401 });

    const m = await t.open("master");
    await expect(authenticate(t.deps("sk-rotated-master"), headers(m.cookie, m.csrfToken))).rejects.toMatchObject({
      status: 401,
    });
  });

  it("ends a key's session as soon as the key stops working", async () => {
    let blocked = false;
    const t = setup({ blocked: () => blocked });
    const s = await t.open("key");
    expect(await authenticate(t.deps(), headers(s.cookie, s.csrfToken))).toEqual(keyPrincipal);
    blocked = true;
    await expect(authenticate(t.deps(), headers(s.cookie, s.csrfToken))).rejects.toThrow("blocked");
  });

  it("never puts the key or the session id in the store: only the id's hash", async () => {
    const t = setup();
    const s = await t.open("master");
    const [id] = s.cookieValue.split(".");
    const stored = JSON.stringify([...t.store.rows.entries()]);
    expect(stored).not.toContain(id);
    expect(stored).not.toContain(MASTER);
  });
});
