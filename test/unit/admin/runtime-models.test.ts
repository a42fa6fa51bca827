import { describe, expect, it } from "vitest";
import { isCredentialParam, type RuntimeModelRecord } from "../../../src/admin/model-record.js";
import { RuntimeModelCache, runtimeModelSource } from "../../../src/admin/runtime-model-source.js";
import { open, seal } from "../../../src/admin/secret-box.js";
import type { ModelTable } from "../../../src/admin/store.js";

const SECRET = "salt-key-for-tests";

function memoryModels(rows: RuntimeModelRecord[]): ModelTable & { bump(): void; reads: number } {
  let version = 1;
  const t = {
    reads: 0,
    bump: () => {
      version++;
    },
    version: async () => {
      t.reads++;
      return version;
    },
    all: async () => [...rows],
    get: async (id: string) => rows.find((r) => r.model_id === id),
    insert: async () => {},
    replace: async () => true,
    remove: async () => [],
    list: async () => ({ rows, total: rows.length }),
  };
  return t;
}

async function record(id: string, secrets: Record<string, unknown>, secret = SECRET): Promise<RuntimeModelRecord> {
  return {
    model_id: id,
    model_name: "rt",
    litellm_params: { model: "openai/gpt-4o", api_base: "http://127.0.0.1:9/v1" },
    model_info: { access_groups: ["beta"] },
    secret_names: Object.keys(secrets),
    secrets: await seal(secret, id, secrets),
    metadata: {},
    created_at: 1,
    updated_at: 1,
    version: 1,
  };
}

const silent = { info() {}, warn() {}, error() {} };

describe("sealed credentials", () => {
  it("open with the same key and model id only; the ciphertext does not contain the secret", async () => {
    const sealed = await seal(SECRET, "m1", { api_key: "sk-vendor-secret" });
    expect(JSON.stringify(sealed)).not.toContain("sk-vendor-secret");
    expect(await open(SECRET, "m1", sealed)).toEqual({ api_key: "sk-vendor-secret" });
    await expect(open("another-key", "m1", sealed)).rejects.toThrow();
    await expect(open(SECRET, "m2", sealed)).rejects.toThrow(); // moved to another row
    const again = await seal(SECRET, "m1", { api_key: "sk-vendor-secret" });
    expect(again.iv).not.toBe(sealed.iv);
  });

  it("knows credential-like params and leaves the others in clear", () => {
    for (const n of [
      "api_key",
      "aws_secret_access_key",
      "aws_access_key_id",
      "aws_session_token",
      "vertex_credentials",
    ])
      expect(isCredentialParam(n), n).toBe(true);
    for (const n of ["extra_headers", "azure_ad_token", "client_secret"]) expect(isCredentialParam(n), n).toBe(true);
    for (const n of ["model", "api_base", "max_tokens", "rpm", "aws_region_name", "vertex_project"])
      expect(isCredentialParam(n), n).toBe(false);
  });
});

describe("the runtime model source", () => {
  it("loads every runtime deployment as a config entry with its credentials opened", async () => {
    const models = memoryModels([await record("m1", { api_key: "sk-vendor-secret" })]);
    const { version, entries } = await runtimeModelSource({ models, secretKey: SECRET, log: silent }).load();
    expect(version).toBe("1");
    expect(entries).toEqual([
      {
        model_name: "rt",
        litellm_params: { model: "openai/gpt-4o", api_base: "http://127.0.0.1:9/v1", api_key: "sk-vendor-secret" },
        model_info: { access_groups: ["beta"], id: "m1", db_model: true },
      },
    ]);
  });

  it("leaves out a deployment whose credentials do not open, and logs it without the error text", async () => {
    const logged: Array<Record<string, unknown> | undefined> = [];
    const models = memoryModels([
      await record("good", { api_key: "sk-a" }),
      await record("bad", { api_key: "sk-b" }, "an-old-salt-key"),
    ]);
    const { entries } = await runtimeModelSource({
      models,
      secretKey: SECRET,
      log: { ...silent, error: (_m, f) => logged.push(f) },
    }).load();
    expect(entries.map((e) => e.model_info?.id)).toEqual(["good"]);
    expect(logged).toEqual([{ model_id: "bad", error: expect.any(String) }]);
    expect(JSON.stringify(logged)).not.toContain("sk-b");
  });

  it("an isolate's cache reads the version at most once per interval and reloads only when it changed", async () => {
    let now = 0;
    const models = memoryModels([await record("m1", { api_key: "sk-a" })]);
    const cache = new RuntimeModelCache(runtimeModelSource({ models, secretKey: SECRET, log: silent }), {
      intervalMs: 2000,
      now: () => now,
    });
    const first = await cache.get();
    const readsAfterLoad = models.reads;
    now = 1999;
    expect(await cache.get()).toBe(first);
    expect(models.reads).toBe(readsAfterLoad); // within the interval: no read at all
    now = 2000;
    expect(await cache.get()).toBe(first); // checked, unchanged: same copy
    expect(models.reads).toBe(readsAfterLoad + 1);
    models.bump();
    now = 4000;
    const next = await cache.get();
    expect(next).not.toBe(first);
    expect(next.version).toBe("2");
  });
});
