import { afterAll, beforeAll, describe, expect, it } from "vitest";
import OpenAI from "openai";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { countingUpstream, storedEntry } from "../helpers/cache-workerd.js";
import { eventually, newKey } from "../helpers/keys.js";

// tpm and cache hits: a hit counts no tokens by default; with count_hits_in_limits it counts the
// tokens of the answer it replays. Each chat answer of the mock reports 120 tokens.
let up: MockUpstream;
const gateways: Record<"free" | "counted", TestGateway | undefined> = { free: undefined, counted: undefined };
const upstream = countingUpstream();

const config = (extra: string) =>
  configWith(
    `
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-upstream-secret, api_base: ${up.url}/v1 }`,
    `litellm_settings:\n  cache: true\n${extra}`,
  );

beforeAll(async () => {
  up = await startMockUpstream(upstream.handler);
  gateways.free = await startGateway({ config: config("") });
  gateways.counted = await startGateway({ config: config("  cache_params: { count_hits_in_limits: true }\n") });
});
afterAll(async () => {
  await gateways.free?.stop();
  await gateways.counted?.stop();
  await up?.close();
});

async function ask(gw: TestGateway, key: string, content: string) {
  const client = new OpenAI({ apiKey: key, baseURL: `${gw.url}/v1`, maxRetries: 0 });
  const { response } = await client.chat.completions
    .create({ model: "gpt-4o", messages: [{ role: "user", content }] })
    .withResponse();
  return {
    cache: response.headers.get("x-switchyard-cache"),
    key: response.headers.get("x-switchyard-cache-key")!,
    remaining: Number(response.headers.get("x-ratelimit-remaining-tokens")),
  };
}

describe("tpm on cache hits", () => {
  it("a hit counts no tokens: after a miss, three hits and another miss the window holds the two misses' 240", async () => {
    const gw = gateways.free!;
    const k = await newKey(gw, { tpm_limit: 1000 });
    const first = await ask(gw, k.key, "tpm question");
    await storedEntry(gw, first.key);
    for (let i = 0; i < 3; i++) expect((await ask(gw, k.key, "tpm question")).cache).toBe("HIT");
    expect((await ask(gw, k.key, "another tpm question")).cache).toBe("MISS");
    const remaining = await eventually(async () => {
      const r = (await ask(gw, k.key, "tpm question")).remaining;
      return r <= 1000 - 240 ? r : undefined;
    }, "both misses counted");
    expect(remaining).toBe(1000 - 240);
  });

  it("with count_hits_in_limits a hit counts the tokens it replays, up to a 429", async () => {
    const gw = gateways.counted!;
    const k = await newKey(gw, { tpm_limit: 300 });
    const before = upstream.chats();
    const first = await ask(gw, k.key, "counted question");
    await storedEntry(gw, first.key);
    const refused = await eventually(async () => {
      try {
        expect((await ask(gw, k.key, "counted question")).cache).toBe("HIT");
        return undefined;
      } catch (e) {
        return e as { status?: number; code?: string };
      }
    }, "the hits to fill the token window");
    expect(refused).toMatchObject({ status: 429, code: "tpm_limit_exceeded" });
    expect(upstream.chats()).toBe(before + 1);
  });
});
