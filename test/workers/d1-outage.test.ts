import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { chat, json, newKey, pricedModels, replyJson, usage } from "../helpers/keys.js";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";

// D1 unreachable for key lookups (its keys table gone): a key this isolate looked up lately keeps
// working from that lookup; any other key is a 503 with retry-after, never a 500.
let up: MockUpstream;
let gw: TestGateway;

beforeAll(async () => {
  up = await startMockUpstream((_req, res) => replyJson(res, usage(3, 4)));
  gw = await startGateway({ config: configWith(pricedModels(up.url)) });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

describe("virtual keys while D1 is down", () => {
  it("serve a recently seen key from its last lookup and answer others 503 with retry-after", async () => {
    const known = await newKey(gw);
    expect((await chat(gw, known.key)).status).toBe(200);
    const unseen = await newKey(gw); // also clears this isolate's fresh lookups: the next one goes to D1
    const db = await gw.mf.getD1Database("DB", "switchyard");
    await db.exec("ALTER TABLE keys RENAME TO keys_parked");
    try {
      expect((await chat(gw, known.key)).status).toBe(200);
      const refused = await chat(gw, unseen.key);
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("1");
      expect((await json(refused)).error.code).toBe("key_store_unavailable");
    } finally {
      await db.exec("ALTER TABLE keys_parked RENAME TO keys");
    }
  });
});
