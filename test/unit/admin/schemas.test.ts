import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../src/errors/gateway-error.js";
import {
  DeleteKeyRequest,
  GenerateKeyRequest,
  KeyListQuery,
  NewTeamRequest,
  SpendReportQuery,
} from "../../../src/admin/schemas.js";
import { parseBody, parseQuery } from "../../../src/admin/validate.js";

function fails(f: () => unknown): GatewayError {
  try {
    f();
  } catch (e) {
    if (e instanceof GatewayError) return e;
    throw e;
  }
  throw new Error("expected a 400");
}

describe("management request validation", () => {
  it("accepts LiteLLM's key fields, with nulls for unset ones", () => {
    const body = parseBody(
      GenerateKeyRequest,
      JSON.stringify({
        key_alias: "ci",
        models: ["gpt-4o", "openai/*"],
        max_budget: 10.5,
        budget_duration: "1mo",
        soft_budget: null,
        tpm_limit: 1000,
        rpm_limit: 10,
        max_parallel_requests: 2,
        duration: "30d",
        metadata: { env: "ci" },
        aliases: { fast: "gpt-4o-mini" },
        team_id: null,
        user_id: null,
        blocked: false,
        tags: ["ci"],
      }),
    );
    expect(body).toMatchObject({ key_alias: "ci", max_budget: 10.5, budget_duration: "1mo" });
  });

  it("400s name the field: negative budget, bad duration, wrong type, unsupported field", () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [{ max_budget: -1 }, "max_budget", /cannot be negative/],
      [{ budget_duration: "1 day" }, "budget_duration", /expected a duration/],
      [{ duration: "forever" }, "duration", /expected a duration/],
      [{ rpm_limit: 1.5 }, "rpm_limit", /invalid "rpm_limit"/],
      [{ models: "gpt-4o" }, "models", /invalid "models"/],
      [{ model_max_budget: { "gpt-4o": 1 } }, "model_max_budget.gpt-4o", /invalid "model_max_budget.gpt-4o"/],
      [{ model_rpm_limit: { "gpt-4o": 1 } }, "model_rpm_limit", /unsupported field "model_rpm_limit"/],
      [{ key: "not-an-sk-key" }, "key", /expected "sk-"/],
    ];
    for (const [body, param, message] of cases) {
      const e = fails(() => parseBody(GenerateKeyRequest, JSON.stringify(body)));
      expect(e.status).toBe(400);
      expect(e.param).toBe(param);
      expect(e.message).toMatch(message);
    }
  });

  it("null means unset, also for a field Switchyard does not build: its unset value is accepted, any other value is not", () => {
    const body = parseBody(
      GenerateKeyRequest,
      JSON.stringify({ metadata: null, models: null, duration: null, max_budget: null, guardrails: null, config: {} }),
    );
    expect(body).toEqual({ metadata: null, models: null, duration: null, max_budget: null });
    expect(fails(() => parseBody(GenerateKeyRequest, JSON.stringify({ guardrails: ["pii"] }))).param).toBe(
      "guardrails",
    );
    expect(parseBody(GenerateKeyRequest, JSON.stringify({ max_parallel_requests: 0 }))).toEqual({
      max_parallel_requests: 0,
    });
  });

  it("400s for malformed JSON, a non-object body and missing required fields", () => {
    expect(fails(() => parseBody(GenerateKeyRequest, "{nope")).code).toBe("invalid_json");
    expect(fails(() => parseBody(GenerateKeyRequest, "[1]")).status).toBe(400);
    const e = fails(() => parseBody(DeleteKeyRequest, "{}"));
    expect(e.param).toBe("keys");
    expect(
      fails(() => parseBody(NewTeamRequest, JSON.stringify({ members_with_roles: [{ role: "admin" }] }))).message,
    ).toMatch(/members_with_roles\[0\]\.user_id/);
  });

  it("coerces and bounds query parameters", () => {
    const q = parseQuery(KeyListQuery, new URL("http://x/key/list?page=2&size=5&return_full_object=true"));
    expect(q).toEqual({ page: 2, size: 5, return_full_object: true });
    expect(fails(() => parseQuery(KeyListQuery, new URL("http://x/key/list?size=1000"))).param).toBe("size");
    expect(fails(() => parseQuery(SpendReportQuery, new URL("http://x/?group_by=planet"))).param).toBe("group_by");
    expect(fails(() => parseQuery(SpendReportQuery, new URL("http://x/?start_date=yesterday"))).param).toBe(
      "start_date",
    );
  });
});
