import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { admin, eventually, pricedModels, replyJson, usage } from "../helpers/keys.js";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";

// One request with megabytes of client text (a model name, an end-user id) in the same batch as others:
// its record is stored cut to size with a marker, and its neighbours' records all land.
let up: MockUpstream;
let gw: TestGateway;

beforeAll(async () => {
  up = await startMockUpstream((_req, res) => replyJson(res, usage(5, 7)));
  gw = await startGateway({ config: configWith(pricedModels(up.url)) });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

type Log = { request_id: string; model_group: string | null; end_user: string | null; metadata: unknown };

const ask = (body: Record<string, unknown>) =>
  gw.call("/v1/chat/completions", { body: { messages: [{ role: "user", content: "hi" }], ...body } });

describe("a huge record among ordinary ones", () => {
  it("every record of the batch lands; the huge ones cut to size with a marker", async () => {
    const huge = "h".repeat(3_000_000);
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, () => ask({ model: "priced" })),
      ask({ model: huge }),
      ask({ model: "priced", user: huge }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([...Array(10).fill(200), 400, 200]);
    const ids = answers.map((a) => a.headers.get("x-request-id")!);
    const logs = await eventually(async () => {
      const found = await Promise.all(ids.map((id) => admin<Log[]>(gw, `/spend/logs?request_id=${id}`)));
      return found.every((l) => l.length === 1) ? found.map((l) => l[0]!) : undefined;
    }, "all 12 spend records");
    const hugeModel = logs[10]!;
    expect(JSON.stringify(hugeModel).length).toBeLessThan(20_000);
    expect(JSON.stringify(hugeModel)).toContain("…[truncated from 3000000 characters]");
    expect(logs[11]!.end_user).toContain("…[truncated from 3000000 characters]");
    expect(logs[11]!.metadata).toEqual({ truncated: ["end_user"] });
    expect((await admin<{ dead: number }>(gw, "/spend/outbox")).dead).toBe(0);
  });

  it("a batch too large for one outbox row (sent unbounded, as by an older isolate) is stored record by record", async () => {
    const ns = await gw.mf.getDurableObjectNamespace("SPEND_OUTBOX");
    const stub = ns.get(ns.idFromName("spend-outbox-1")) as unknown as { append(batch: string): Promise<void> };
    const rec = (id: string, tags: string[]) => ({
      request_id: id,
      created_at: Date.now(),
      key_hash: null,
      key_alias: null,
      team_id: null,
      user_id: null,
      end_user: null,
      model_group: "m",
      requested_model: "m",
      deployment_id: "d",
      provider: "openai",
      model: "m",
      prompt_tokens: 1,
      completion_tokens: 2,
      cached_tokens: 0,
      reasoning_tokens: 0,
      cost_micros: 3,
      status: 200,
      error_type: null,
      latency_ms: 4,
      ttft_ms: null,
      stream: false,
      attempted_retries: 0,
      attempted_fallbacks: 0,
      tags,
      metadata: {},
    });
    const batch = [rec("big-neighbour-1", ["a"]), rec("big-tags", ["t".repeat(3_000_000)]), rec("big-neighbour-2", [])];
    await stub.append(JSON.stringify(batch));
    for (const id of ["big-neighbour-1", "big-tags", "big-neighbour-2"]) {
      const [log] = await eventually(async () => {
        const l = await admin<Log[]>(gw, `/spend/logs?request_id=${id}`);
        return l.length ? l : undefined;
      }, id);
      expect(log!.request_id).toBe(id);
    }
  });
});
