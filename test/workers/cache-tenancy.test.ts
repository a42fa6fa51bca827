import { afterAll, beforeAll, describe, expect, it } from "vitest";
import OpenAI from "openai";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { countingUpstream, storedEntry } from "../helpers/cache-workerd.js";
import { admin, eventually, micros, newKey } from "../helpers/keys.js";

// Hits are still requests: scoped by team, behind model access, limited by rpm, free against budgets, recorded with
// what they saved; a key's allowed_cache_controls holds. Virtual keys in workerd, KV cache.
let up: MockUpstream;
let gw: TestGateway;
const upstream = countingUpstream();

beforeAll(async () => {
  up = await startMockUpstream(upstream.handler);
  gw = await startGateway({
    config: configWith(
      `
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-upstream-secret, api_base: ${up.url}/v1, input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 }
  - model_name: gpt-4o-mini
    litellm_params: { model: openai/gpt-4o-mini, api_key: sk-upstream-secret, api_base: ${up.url}/v1 }`,
      "litellm_settings:\n  cache: true\n",
    ),
  });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

const clientFor = (key: string) => new OpenAI({ apiKey: key, baseURL: `${gw.url}/v1`, maxRetries: 0 });

async function ask(key: string, content: string, extra: Record<string, unknown> = {}) {
  const { data, response } = await clientFor(key)
    .chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content }], ...extra })
    .withResponse();
  return {
    content: data.choices[0]!.message.content,
    cache: response.headers.get("x-switchyard-cache"),
    key: response.headers.get("x-switchyard-cache-key")!,
  };
}

describe("scoping", () => {
  it("a key of team A never receives team B's answer; keys of one team share theirs", async () => {
    const teamA = await admin(gw, "/team/new", { team_alias: "A" });
    const teamB = await admin(gw, "/team/new", { team_alias: "B" });
    const a1 = await newKey(gw, { team_id: teamA.team_id });
    const a2 = await newKey(gw, { team_id: teamA.team_id });
    const b = await newKey(gw, { team_id: teamB.team_id });
    const prompt = "Summarise our confidential roadmap";
    const fromA = await ask(a1.key, prompt);
    await storedEntry(gw, fromA.key);
    const fromB = await ask(b.key, prompt);
    expect(fromB.cache).toBe("MISS");
    expect(fromB.key).not.toBe(fromA.key);
    expect(fromB.content).not.toBe(fromA.content);
    await storedEntry(gw, fromB.key);
    expect(await ask(a2.key, prompt)).toMatchObject({ cache: "HIT", content: fromA.content });
    expect(await ask(b.key, prompt)).toMatchObject({ cache: "HIT", content: fromB.content });
  });

  it("a key without a team has a cache of its own", async () => {
    const k1 = await newKey(gw);
    const k2 = await newKey(gw);
    const first = await ask(k1.key, "A question for a key without a team");
    await storedEntry(gw, first.key);
    expect((await ask(k2.key, "A question for a key without a team")).cache).toBe("MISS");
    expect((await ask(k1.key, "A question for a key without a team")).cache).toBe("HIT");
  });
});

describe("hits are still requests", () => {
  it("model access holds on a hit: a key of the same team without the model gets 403, from neither cache nor upstream", async () => {
    const team = await admin(gw, "/team/new", { team_alias: "access" });
    const allowed = await newKey(gw, { team_id: team.team_id, models: ["gpt-4o"] });
    const other = await newKey(gw, { team_id: team.team_id, models: ["gpt-4o-mini"] });
    const first = await ask(allowed.key, "model access question");
    await storedEntry(gw, first.key);
    const calls = upstream.chats();
    const denied = ask(other.key, "model access question");
    await expect(denied).rejects.toMatchObject({ status: 403, code: "key_model_access_denied" });
    expect(upstream.chats()).toBe(calls);
    expect(await ask(allowed.key, "model access question")).toMatchObject({ cache: "HIT", content: first.content });
  });

  it("rpm limits count hits", async () => {
    const k = await newKey(gw, { rpm_limit: 2 });
    const first = await ask(k.key, "rpm question");
    await storedEntry(gw, first.key);
    expect((await ask(k.key, "rpm question")).cache).toBe("HIT");
    await expect(ask(k.key, "rpm question")).rejects.toMatchObject({ status: 429 });
  });

  it("a hit costs nothing against the budget and leaves a spend record with the saved cost", async () => {
    const k = await newKey(gw, { max_budget: 1 });
    const first = await ask(k.key, "budget question");
    await storedEntry(gw, first.key);
    expect((await ask(k.key, "budget question")).cache).toBe("HIT");
    await ask(k.key, "another budget question"); // a second miss: 140 µ$ like the first
    const stats = await eventually(async () => {
      const s = await admin(gw, `/cache/stats?api_key=${k.key}`);
      return s.hits + s.misses === 3 ? s : undefined;
    }, "three spend records");
    expect(stats).toMatchObject({ hits: 1, misses: 2, saved_cost_micros: 140 });
    const logs = await admin<Array<{ cost_micros: number }>>(gw, `/spend/logs?api_key=${k.key}`);
    expect(logs.map((l) => l.cost_micros).sort((x, y) => x - y)).toEqual([0, 140, 140]);
    const spend = await eventually(async () => {
      const s = micros((await admin(gw, `/key/info?key=${k.key}`)).info.spend);
      return s >= 280 ? s : undefined;
    }, "both misses settled");
    expect(spend).toBe(280);
  });

  it("a key limited by allowed_cache_controls may use only those", async () => {
    const k = await newKey(gw, { allowed_cache_controls: ["no-cache"] });
    expect((await ask(k.key, "controls question", { cache: { "no-cache": true } })).cache).toBe("BYPASS");
    const refused = ask(k.key, "controls question", { cache: { "no-store": true } });
    await expect(refused).rejects.toMatchObject({ status: 400 });
    await expect(refused).rejects.toThrow(/cache control "no-store" is not allowed for this key/);
  });
});
