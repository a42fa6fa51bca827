/**
 * A Durable Object's state for unit tests: synchronous KV storage that keeps structured clones (as
 * SQLite-backed storage does), and the alarm. Enough for the ledger object; a restart is a new object
 * over the same storage.
 */
export interface FakeStorage {
  kv: Map<string, unknown>;
  alarm: number | null;
}

export function fakeStorage(): FakeStorage {
  return { kv: new Map(), alarm: null };
}

export function fakeState(store: FakeStorage = fakeStorage()): DurableObjectState {
  const kv = {
    get: (k: string) => (store.kv.has(k) ? structuredClone(store.kv.get(k)) : undefined),
    put: (k: string, v: unknown) => void store.kv.set(k, structuredClone(v)),
    delete: (k: string) => store.kv.delete(k),
  };
  const storage = {
    kv,
    getAlarm: async () => store.alarm,
    setAlarm: async (t: number) => {
      store.alarm = t;
    },
    deleteAlarm: async () => {
      store.alarm = null;
    },
  };
  return { storage } as unknown as DurableObjectState;
}
