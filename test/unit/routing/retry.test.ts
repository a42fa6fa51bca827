import { describe, expect, test } from "vitest";
import {
  AuthenticationError,
  BadRequestError,
  ContextWindowExceededError,
  InternalServerError,
  RateLimitError,
  TimeoutError,
} from "../../../src/errors/gateway-error.js";
import { backoffMs, retriesFor, retryAfterTooLong } from "../../../src/routing/retry.js";
import { ClientClosedError } from "../../../src/errors/client-closed.js";
import { deployments, runtimeConfig } from "./fixtures.js";

const cfg = (extra: Record<string, unknown> = {}) => runtimeConfig({ model_list: deployments("g", [{}]), ...extra });

describe("how many retries", () => {
  test("defaults to 2; router_settings beats litellm_settings; the request's num_retries beats both", () => {
    const e = new InternalServerError("x");
    expect(retriesFor(cfg(), e, {})).toBe(2);
    expect(retriesFor(cfg({ litellm_settings: { num_retries: 4 } }), e, {})).toBe(4);
    expect(retriesFor(cfg({ litellm_settings: { num_retries: 4 }, router_settings: { num_retries: 1 } }), e, {})).toBe(
      1,
    );
    expect(retriesFor(cfg({ router_settings: { num_retries: 1 } }), e, { numRetries: 5 })).toBe(5);
  });

  test("400-class client errors are not retried", () => {
    const c = cfg({ router_settings: { num_retries: 3 } });
    expect(retriesFor(c, new BadRequestError("bad"), {})).toBe(0);
    expect(retriesFor(c, new ContextWindowExceededError("long"), {})).toBe(0);
    expect(retriesFor(c, new AuthenticationError("key"), { numRetries: 3 })).toBe(0);
    expect(retriesFor(c, new ClientClosedError(), {})).toBe(0);
  });

  test("retry_policy sets retries per error class, overriding num_retries", () => {
    const c = cfg({
      router_settings: {
        num_retries: 3,
        retry_policy: {
          RateLimitErrorRetries: 0,
          TimeoutErrorRetries: 1,
          InternalServerErrorRetries: 5,
          AuthenticationErrorRetries: 1,
        },
      },
    });
    expect(retriesFor(c, new RateLimitError("slow down"), {})).toBe(0);
    expect(retriesFor(c, new TimeoutError("late"), {})).toBe(1);
    expect(retriesFor(c, new InternalServerError("boom"), {})).toBe(5);
    // a class the policy names is retried even though it is a 4xx
    expect(retriesFor(c, new AuthenticationError("bad key"), {})).toBe(1);
    expect(retriesFor(c, new BadRequestError("bad"), {})).toBe(0);
  });
});

describe("backoff", () => {
  test("exponential from 0.5 s, capped at 8 s, with up to 0.75 s of jitter", () => {
    const at = (retry: number, r: number) => backoffMs({ retry, error: new InternalServerError("x"), random: () => r });
    expect(at(1, 0)).toBe(500);
    expect(at(2, 0)).toBe(1000);
    expect(at(3, 0)).toBe(2000);
    expect(at(10, 0)).toBe(8000);
    expect(at(1, 0.999)).toBeCloseTo(500 + 749, -1);
  });

  test("router_settings.retry_after is the minimum wait", () => {
    expect(backoffMs({ retry: 1, error: new InternalServerError("x"), random: () => 0, minMs: 3000 })).toBe(3000);
  });

  test("honours the upstream's retry-after up to 60 s; a longer one ends the retries", () => {
    const e = new RateLimitError("slow down", { retryAfter: 7 });
    expect(backoffMs({ retry: 1, error: e, random: () => 0.5 })).toBe(7000);
    expect(retryAfterTooLong(e)).toBe(false);
    expect(retryAfterTooLong(new RateLimitError("later", { retryAfter: 61 }))).toBe(true);
  });
});
