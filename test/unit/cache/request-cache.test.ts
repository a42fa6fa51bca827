import { describe, expect, it } from "vitest";
import { chatAnswerOf, replayChatStream } from "../../../src/cache/chat-replay.js";
import { cacheRuntimeOf } from "../../../src/cache/cache-runtime.js";
import { cacheSpendFields, RequestCache } from "../../../src/cache/request-cache.js";
import { setupConfig } from "../../../src/gateway-setup.js";
import type { GatewayError } from "../../../src/errors/gateway-error.js";
import type { Principal } from "../../../src/state/principal.js";
import type { ChatCompletion } from "../../../src/openai/chat-response.js";
import { MemorySpendSink } from "../../../src/state/memory/spend-sink.js";
import { fixtureText } from "../../helpers/fixtures.js";
import { testClock } from "../../helpers/response-cache-contract.js";

const models = `model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-x }
  - model_name: emb
    litellm_params: { model: openai/text-embedding-3-small, api_key: sk-x }
`;

function gateway(params = "{}") {
  const clock = testClock();
  const { runtime } = setupConfig(
    `${models}litellm_settings:\n  cache: true\n  cache_params: ${params}\n`,
    () => undefined,
  );
  const rt = cacheRuntimeOf({
    config: runtime,
    state: { spend: new MemorySpendSink() },
    now: clock.now,
    log: console,
  })!;
  return { rt, clock };
}

const member = (teamId: string | null, keyHash = "a".repeat(64)): Principal => ({
  kind: "virtual",
  keyHash,
  keyAlias: null,
  keyName: "sk-...",
  teamId,
  userId: null,
  models: [],
  aliases: {},
  metadata: {},
  accounts: [],
});

const ask = (content = "What is the capital of France?", extra: Record<string, unknown> = {}) => ({
  model: "gpt-4o",
  messages: [{ role: "user", content }],
  ...extra,
});

const completion = (content: string, finish: "stop" | "length" = "stop"): ChatCompletion => ({
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1,
  model: "gpt-4o",
  choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: finish }],
  usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 },
});

type Gw = ReturnType<typeof gateway>;
const open = (
  g: Gw,
  body: Record<string, unknown>,
  o: { principal?: Principal; headers?: Record<string, string>; allowed?: string[] } = {},
) =>
  RequestCache.open({
    runtime: g.rt,
    principal: o.principal ?? member("team-a"),
    allowedControls: o.allowed,
    operation: "chat",
    modelGroup: "gpt-4o",
    body,
    headers: new Headers(o.headers ?? {}),
  });

/** One request through the cache: look up; on a miss "call upstream" and store. */
async function serve(
  g: Gw,
  body: Record<string, unknown>,
  answer = completion("Paris"),
  o: Parameters<typeof open>[2] = {},
) {
  const rc = (await open(g, body, o))!;
  const l = await rc.lookup();
  if (l.status !== "HIT") {
    const e = rc.chatEntry(answer, 250, g.clock.now());
    if (e) await rc.store(e);
  }
  return { rc, l, headers: rc.headers(l) };
}

describe("a request through the cache", () => {
  it("a repeated request is served from the cache with the same answer; key order does not matter", async () => {
    const g = gateway();
    const first = await serve(g, ask());
    expect(first.headers).toEqual({ "x-switchyard-cache": "MISS", "x-switchyard-cache-key": first.rc.key });
    g.clock.advance(3_000);
    const again = await serve(
      g,
      JSON.parse('{"messages":[{"content":"What is the capital of France?","role":"user"}],"model":"gpt-4o"}'),
    );
    expect(again.l.status).toBe("HIT");
    if (again.l.status !== "HIT") return;
    expect(chatAnswerOf(again.l.entry)).toEqual(completion("Paris"));
    expect(again.headers).toEqual({ "x-switchyard-cache": "HIT", "x-switchyard-cache-key": first.rc.key, age: "3" });
    expect(cacheSpendFields(again.l)).toEqual({ cache_hit: true, saved_cost_micros: 250 });
    expect(cacheSpendFields(first.l)).toEqual({ cache_hit: false });
  });

  it("a key of team A never receives team B's answer; keys of one team share", async () => {
    const g = gateway();
    await serve(g, ask(), completion("team A's answer"), { principal: member("A", "1".repeat(64)) });
    const otherTeam = await serve(g, ask(), completion("B"), { principal: member("B", "2".repeat(64)) });
    expect(otherTeam.l.status).toBe("MISS");
    const sameTeam = await serve(g, ask(), completion("x"), { principal: member("A", "3".repeat(64)) });
    expect(sameTeam.l.status).toBe("HIT");
    const master = await serve(g, ask(), completion("m"), { principal: { kind: "master" } });
    expect(master.l.status).toBe("MISS");
  });

  it("no-store does not store; no-cache skips the lookup (BYPASS) but stores the fresh answer", async () => {
    const g = gateway();
    await serve(g, ask("q1", { cache: { "no-store": true } }));
    expect((await serve(g, ask("q1"))).l.status).toBe("MISS");
    const bypass = await serve(g, ask("q1", { cache: { "no-cache": true } }), completion("fresher"));
    expect(bypass.l.status).toBe("BYPASS");
    expect(cacheSpendFields(bypass.l)).toEqual({});
    expect(bypass.rc.key).toBe((await open(g, ask("q1")))!.key); // the controls are not part of the key
  });

  it("ttl and s-maxage on the injected clock", async () => {
    const g = gateway("{ ttl: 60 }");
    await serve(g, ask("q2"));
    await serve(g, ask("q3", { cache: { ttl: 5 } }));
    g.clock.advance(5_000);
    expect((await serve(g, ask("q3"))).l.status).toBe("MISS"); // its own 5 s lifetime is over (stored again now)
    expect((await serve(g, ask("q2"), completion("x"), { headers: { "cache-control": "max-age=4" } })).l.status).toBe(
      "MISS",
    );
    expect((await serve(g, ask("q2"), completion("x"), { headers: { "cache-control": "max-age=4" } })).l.status).toBe(
      "HIT",
    ); // the fresh one
    g.clock.advance(55_000);
    const h = await serve(g, ask("q2"));
    expect(h.l.status).toBe("HIT");
    expect(h.headers.age).toBe("55");
    g.clock.advance(5_000);
    expect((await serve(g, ask("q2"))).l.status).toBe("MISS");
  });

  it("a control the key may not use is a 400 naming it", async () => {
    const g = gateway();
    let err: unknown;
    try {
      await open(g, ask("q", { cache: { ttl: 10 } }), { allowed: ["no-cache"] });
    } catch (e) {
      err = e;
    }
    expect((err as GatewayError).status).toBe(400);
    expect((err as GatewayError).param).toBe("cache.ttl");
  });

  it("an answer cut at max tokens is stored only with cache_truncated_responses", async () => {
    const g = gateway();
    await serve(g, ask("q4"), completion("Par", "length"));
    expect((await serve(g, ask("q4"))).l.status).toBe("MISS");
    const t = gateway("{ cache_truncated_responses: true }");
    await serve(t, ask("q4"), completion("Par", "length"));
    expect((await serve(t, ask("q4"))).l.status).toBe("HIT");
  });

  it("mode default_off: only requests that opt in", async () => {
    const g = gateway("{ mode: default_off }");
    await serve(g, ask("q5"));
    expect((await serve(g, ask("q5"))).l.status).toBe("BYPASS");
    await serve(g, ask("q5", { cache: { "use-cache": true } }));
    expect((await serve(g, ask("q5", { cache: { "use-cache": true } }))).l.status).toBe("HIT");
  });

  it("a hit costs nothing against budgets and tpm unless count_hits_in_limits", async () => {
    const g = gateway();
    await serve(g, ask("q6"));
    const hit = await serve(g, ask("q6"));
    if (hit.l.status !== "HIT") throw new Error("expected a hit");
    expect(hit.rc.hitCharge(hit.l.entry)).toEqual({ costMicros: 0, tokens: 0, savedCostMicros: 250 });
    const counted = gateway("{ count_hits_in_limits: true }");
    await serve(counted, ask("q6"));
    const h2 = await serve(counted, ask("q6"));
    if (h2.l.status !== "HIT") throw new Error("expected a hit");
    expect(h2.rc.hitCharge(h2.l.entry)).toEqual({ costMicros: 250, tokens: 10, savedCostMicros: 250 });
  });

  it("no cache for a stateful Responses request, nor when the cache is off", async () => {
    const g = gateway();
    const stateful = await RequestCache.open({
      runtime: g.rt,
      principal: member("a"),
      operation: "responses",
      modelGroup: "gpt-4o",
      body: { model: "gpt-4o", input: "more", store: false, previous_response_id: "resp_1" },
      headers: new Headers(),
    });
    expect(stateful).toBeUndefined();
    const off = await RequestCache.open({
      runtime: undefined,
      principal: member("a"),
      operation: "chat",
      modelGroup: "gpt-4o",
      body: ask("q", { cache: { bogus: 1 } }),
      headers: new Headers(),
    });
    expect(off).toBeUndefined();
  });

  it("identical requests in flight: the first leads, the next follows; a no-cache request does not join", async () => {
    const g = gateway();
    const a = (await open(g, ask("q7")))!;
    const b = (await open(g, ask("q7")))!;
    const lead = a.join()!;
    const follow = b.join()!;
    expect([lead.role, follow.role]).toEqual(["leader", "follower"]);
    if (lead.role !== "leader" || follow.role !== "follower") return;
    const e = a.chatEntry(completion("Paris"), 1, g.clock.now())!;
    lead.share(e);
    expect(await follow.answer).toBe(e);
    expect((await open(g, ask("q7", { cache: { "no-cache": true } })))!.join()).toBeUndefined();
  });
});

describe("a streamed miss, recorded and replayed", () => {
  it("stores the stream's answer once it completed; the next request replays it", async () => {
    const g = gateway();
    const body = ask("hi", { stream: true });
    const rc = (await open(g, body))!;
    expect((await rc.lookup()).status).toBe("MISS");
    const stored: Promise<void>[] = [];
    // what the client of a request without include_usage receives: no usage chunk
    const sent = fixtureText("openai/stream.chunks.txt").replace(/data: \{[^\n]*"usage"[^\n]*\n\n/, "");
    const upstream = new Response(sent).body!;
    const client = rc.recordStream(upstream, {
      usage: () => ({ prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 }),
      costMicros: () => 90,
      now: g.clock.now,
      onEntry: (e) => stored.push(rc.store(e)),
    });
    expect(await new Response(client).text()).toBe(sent);
    await Promise.all(stored);
    const again = (await open(g, ask("hi", { stream: true, stream_options: { include_usage: true } })))!;
    const hit = await again.lookup();
    if (hit.status !== "HIT") throw new Error("expected a hit");
    expect(hit.entry.cost_micros).toBe(90);
    const replay = await new Response(replayChatStream(chatAnswerOf(hit.entry)!, { includeUsage: true })).text();
    expect(replay).toContain('"content":"Hello world"');
    expect(replay).toContain('"usage":{"prompt_tokens":4,"completion_tokens":2,"total_tokens":6}');
  });
});

describe("semantic mode", () => {
  const vectors: Record<string, number[]> = {
    "user: What is the capital of France?": [1, 0.05, 0],
    "user: what's the capital of France": [1, 0.12, 0],
    "user: capital city of Germany?": [1, 0.5, 0.3],
  };

  it("a close prompt hits above the threshold with its similarity; a farther one misses; another team never hits", async () => {
    const g = gateway("{ type: semantic, semantic_cache_embedding_model: emb, similarity_threshold: 0.95 }");
    let embeds = 0;
    const embed = async (t: string) => {
      embeds++;
      return vectors[t]!;
    };
    const first = (await open(g, ask()))!;
    expect((await first.lookup({ embed })).status).toBe("MISS");
    await first.store(first.chatEntry(completion("Paris"), 100, g.clock.now())!);
    expect(embeds).toBe(1); // the lookup's vector is reused to remember the answer

    const close = (await open(g, ask("what's the capital of France")))!;
    const l = await close.lookup({ embed });
    expect(l.status).toBe("HIT");
    expect(close.headers(l)["x-switchyard-cache-similarity"]).toMatch(/^0\.99/);
    expect(close.headers(l)["x-switchyard-cache-key"]).toBe(first.key);

    expect((await (await open(g, ask("capital city of Germany?")))!.lookup({ embed })).status).toBe("MISS");
    const other = (await open(g, ask("what's the capital of France"), {
      principal: member("team-b", "b".repeat(64)),
    }))!;
    expect((await other.lookup({ embed })).status).toBe("MISS");
    const otherParams = (await open(g, ask("what's the capital of France", { temperature: 1 })))!;
    expect((await otherParams.lookup({ embed })).status).toBe("MISS");
  });
});
