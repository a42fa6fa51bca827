import { describe, expect, it } from "vitest";
import { pathOf } from "../../../src/app.js";

describe("pathOf", () => {
  it("gives the same path as the URL parser for the URLs a worker sees", () => {
    for (const u of [
      "http://127.0.0.1:8787/v1/chat/completions",
      "https://gw.example.workers.dev/chat/completions?x=1",
      "https://h/v1/chat/completions#frag",
      "https://h/v1/chat/completions?a=/b#c",
      "https://h/",
      "https://user:pw@h:1/a/b/",
      "http://h/v1/chat/completions/",
    ])
      expect(pathOf(u), u).toBe(new URL(u).pathname);
  });
});
