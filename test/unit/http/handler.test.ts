import { describe, expect, it, vi } from "vitest";
import { createHandler } from "../../../src/app.js";

describe("the fetch handler", () => {
  it("a request scope that cannot be built is an OpenAI-shaped 500 on the chat path as on every other route", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const handle = createHandler(() => {
        throw new Error("config did not load");
      });
      for (const [method, path] of [
        ["POST", "/v1/chat/completions"],
        ["POST", "/chat/completions"],
        ["GET", "/v1/models"],
      ] as const) {
        const res = await handle(
          new Request(`http://gw.test${path}`, { method, body: method === "POST" ? "{}" : undefined }),
        );
        expect(res.status, path).toBe(500);
        const body = (await res.json()) as { error: Record<string, unknown> };
        expect(Object.keys(body.error).sort(), path).toEqual(["code", "message", "param", "type"]);
        expect(JSON.stringify(body), path).not.toContain("config did not load"); // internals stay in the log
      }
    } finally {
      error.mockRestore();
    }
  });
});
