import { describe, expect, it } from "vitest";
import { safeEqual, tokenFrom } from "../../../src/http/authenticate.js";

describe("auth headers", () => {
  it("reads Bearer, x-api-key and api-key", () => {
    expect(tokenFrom(new Headers({ authorization: "Bearer sk-1" }))).toBe("sk-1");
    expect(tokenFrom(new Headers({ "x-api-key": "sk-2" }))).toBe("sk-2");
    expect(tokenFrom(new Headers({ "api-key": "sk-3" }))).toBe("sk-3");
    expect(tokenFrom(new Headers())).toBeUndefined();
  });

  it("takes the same token from every spelling of a Bearer header", () => {
    for (const v of ["Bearer sk-1", "bearer sk-1", "Bearer  sk-1", "Bearer\tsk-1", " Bearer sk-1 ", "BEARER sk-1"]) {
      expect(tokenFrom(new Headers({ authorization: v })), JSON.stringify(v)).toBe("sk-1");
    }
    expect(tokenFrom(new Headers({ authorization: "sk-raw" }))).toBe("sk-raw");
  });

  it("compares keys exactly", () => {
    expect(safeEqual("sk-master", "sk-master")).toBe(true);
    expect(safeEqual("sk-master", "sk-mastex")).toBe(false);
    expect(safeEqual("sk-master", "sk-master2")).toBe(false);
    expect(safeEqual("", "a")).toBe(false);
  });
});
