import { describe, expect, it } from "vitest";
import { allowedBetas, parseBetaHeader } from "../../../../src/providers/shared/anthropic-betas.js";
import { unsupportedKeyWarnings } from "../../../../src/config/warnings.js";

describe("anthropic-beta", () => {
  it("reads one or many header values in order, without duplicates or blanks", () => {
    expect(parseBetaHeader("a-1, b-2,,a-1")).toEqual(["a-1", "b-2"]);
    expect(parseBetaHeader(["a-1", "c-3 , b-2"])).toEqual(["a-1", "c-3", "b-2"]);
    expect(parseBetaHeader(null)).toEqual([]);
  });

  it("passes only what the allow-list admits; * admits all", () => {
    expect(allowedBetas(["a", "b", "c"], ["c", "a"])).toEqual(["a", "c"]);
    expect(allowedBetas(["a", "b"], ["*"])).toEqual(["a", "b"]);
    expect(allowedBetas(["a"], [])).toEqual([]);
  });

  it("is configured per deployment as litellm_params.allowed_anthropic_betas, without a warning", () => {
    const cfg = {
      model_list: [
        { model_name: "c", litellm_params: { model: "bedrock/anthropic.claude-x", allowed_anthropic_betas: ["*"] } },
      ],
    };
    expect(unsupportedKeyWarnings(cfg)).toEqual([]);
  });
});
