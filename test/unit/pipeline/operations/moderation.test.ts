import { describe, expect, it } from "vitest";
import { fixtureJson } from "../../../helpers/fixtures.js";
import { json, libraryGateway } from "../../../helpers/library-gateway.js";

const mod = (name: string, extra: Record<string, unknown> = {}) => ({
  model_name: name,
  litellm_params: { model: "openai/omni-moderation-latest", api_key: "sk-up", api_base: "http://up.test/v1", ...extra },
});
const chat = {
  model_name: "chat",
  litellm_params: { model: "openai/gpt-4o", api_key: "sk-up", api_base: "http://up.test/v1" },
};

describe("moderations", () => {
  it("uses the gateway's one moderation model when the request names none", async () => {
    const gw = libraryGateway({
      models: [mod("mod"), chat],
      answer: () => json(fixtureJson("openai/moderation.response.json")),
    });
    const res = await gw.call("/v1/moderations", { input: "I will hurt you" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ results: [{ flagged: true }] });
    expect(gw.seen[0]!.json()).toEqual({ model: "omni-moderation-latest", input: "I will hurt you" });
    expect(res.headers.get("x-switchyard-response-cost")).toBe("0");
  });

  it("without a model, refuses with a 400 naming the choice when there are several or none", async () => {
    const several = libraryGateway({ models: [mod("mod-a"), mod("mod-b"), chat], answer: () => json({}) });
    const r1 = await several.call("/moderations", { input: "x" });
    expect(r1.status).toBe(400);
    expect(((await r1.json()) as { error: { message: string } }).error.message).toMatch(/"mod-a", "mod-b"/);
    const none = libraryGateway({ models: [chat], answer: () => json({}) });
    const r2 = await none.call("/moderations", { input: "x" });
    expect(r2.status).toBe(400);
    expect(((await r2.json()) as { error: { param: string; message: string } }).error).toMatchObject({
      param: "model",
    });
    expect(several.seen).toHaveLength(0);
  });

  it("refuses empty input and a chat model, naming them", async () => {
    const gw = libraryGateway({ models: [mod("mod"), chat], answer: () => json({}) });
    const empty = await gw.call("/v1/moderations", { model: "mod", input: [] });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { message: string } }).error.message).toMatch(/input/);
    const wrong = await gw.call("/v1/moderations", { model: "chat", input: "x" });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toMatch(
      /"chat" does not support moderations/,
    );
  });

  it("bills the input at its token bound when the deployment is priced", async () => {
    const gw = libraryGateway({
      models: [mod("mod", { input_cost_per_token: 0.000001 })],
      answer: () => json(fixtureJson("openai/moderation.response.json")),
    });
    const res = await gw.call("/v1/moderations", { model: "mod", input: ["abcd", "éé"] });
    // 4 + 4 UTF-8 bytes at 1 µ$ per token
    expect(Number(res.headers.get("x-switchyard-response-cost"))).toBeCloseTo(0.000008, 9);
  });
});
