import { describe, expect, test } from "vitest";
import { InternalServerError } from "../../../src/errors/gateway-error.js";
import { createRouter } from "../../../src/library/create-router.js";
import type { LibraryRouteRequest } from "../../../src/library/create-router.js";
import { manualClock } from "./fixtures.js";

const req = (model: string): LibraryRouteRequest => ({
  model,
  stream: false,
  overrides: {},
  trace: { attemptedRetries: 0, attemptedFallbacks: 0 },
});

describe("createRouter (library)", () => {
  test("routes a LiteLLM-style model_list with in-memory state and shows its live state", async () => {
    const clock = manualClock();
    const router = createRouter({
      model_list: [
        {
          model_name: "gpt",
          litellm_params: { model: "openai/gpt-4o", api_key: "os.environ/KEY_A", rpm: 100, order: 1 },
          model_info: { id: "east" },
        },
        {
          model_name: "gpt",
          litellm_params: { model: "openai/gpt-4o", api_key: "sk-b", rpm: 100, order: 2 },
          model_info: { id: "west" },
        },
      ],
      router_settings: { routing_strategy: "least-busy", allowed_fails: 0, cooldown_time: 10 },
      env: { KEY_A: "sk-from-env" },
      now: clock.now,
    });
    const seenKeys: string[] = [];
    const out = await router.route(req("gpt"), async (d) => {
      seenKeys.push(String(d.params.api_key));
      if (d.id === "east") throw new InternalServerError("down");
      return d.id;
    });
    expect(out).toBe("west");
    expect(seenKeys).toEqual(["sk-from-env", "sk-b"]); // order 1 first; its failure moves on to order 2 at once
    const live = await router.inspect("gpt");
    expect(live.map((s) => s.id)).toEqual(["east", "west"]);
    expect(live.map((s) => s.rpm_used)).toEqual([1, 1]);
    expect(live[0]).toMatchObject({
      cooling_down: true,
      cooldown_remaining_ms: 10_000,
      last_error: { kind: "InternalServerError", status: 500 },
    });
    expect(live[1]).toMatchObject({ cooling_down: false, in_flight: 1 }); // not settled yet
    expect(JSON.stringify(live)).not.toContain("sk-");
  });

  test("rejects an invalid model_list, naming the field", () => {
    expect(() => createRouter({ model_list: [{ model_name: "x", litellm_params: { model: "no-provider" } }] })).toThrow(
      /litellm_params\.model/,
    );
  });
});
