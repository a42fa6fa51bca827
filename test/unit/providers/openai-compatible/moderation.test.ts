import { describe, expect, it } from "vitest";
import { ModerationRequest } from "../../../../src/openai/moderations.js";
import { providerNamed } from "../../../../src/providers/all.js";
import { fixtureJson } from "../../../helpers/fixtures.js";
import { jsonBodyOf, operationContext, roundTrip, upstreamError } from "../../../helpers/operation-context.js";

const adapter = providerNamed("openai")!.moderation!;
const ctx = (request: Record<string, unknown>) =>
  operationContext({
    provider: "openai",
    model: "omni-moderation-latest",
    request: ModerationRequest.parse({ model: "mod", ...request }),
    params: { api_key: "sk-mod-secret" },
  });

describe("OpenAI moderations adapter", () => {
  it("posts the request to {base}/moderations with the vendor model and the key, without gateway metadata", async () => {
    const { req, res } = await roundTrip(
      adapter,
      ctx({ input: ["I will hurt you"], metadata: { team: "x" } }),
      fixtureJson("openai/moderation.response.json"),
    );
    expect(req.url).toBe("https://api.openai.com/v1/moderations");
    expect(req.headers.authorization).toBe("Bearer sk-mod-secret");
    expect(jsonBodyOf(req)).toEqual({ model: "omni-moderation-latest", input: ["I will hurt you"] });
    expect(res.id).toBe("modr-0d9740456c391e43c445bf0f010940c7");
    expect(res.results[0]).toMatchObject({ flagged: true, categories: { violence: true, sexual: false } });
    expect(res.results[0]!.category_applied_input_types?.violence).toEqual(["text"]);
  });

  it("fills id and model when a compatible vendor leaves them out, and refuses an answer without results", async () => {
    const c = ctx({ input: "hello" });
    const res = await adapter.parseResponse(c, {
      results: [{ flagged: false, categories: { hate: false }, category_scores: { hate: 0.01 } }],
    });
    expect(res).toMatchObject({ id: "modr-req-gw-1", model: "omni-moderation-latest" });
    expect(() => adapter.parseResponse(c, { id: "x" })).toThrow(/unexpected response/);
  });

  it("maps a vendor error by status, message kept", () => {
    const e = adapter.parseError(ctx({ input: "x" }), upstreamError(429, { error: { message: "Rate limit reached" } }));
    expect(e.status).toBe(429);
    expect(e.message).toContain("Rate limit reached");
  });
});
