import { describe, expect, it } from "vitest";
import {
  KEY_RANDOM_CHARS,
  generateKey,
  hashKey,
  isKeyHash,
  keyHint,
  randomBase62,
  tokenOf,
} from "../../../src/admin/key-material.js";

describe("virtual key material", () => {
  it("generates sk- plus 48 base62 characters, different every time", () => {
    const keys = new Set(Array.from({ length: 200 }, generateKey));
    expect(keys.size).toBe(200);
    for (const k of keys) expect(k).toMatch(new RegExp(`^sk-[A-Za-z0-9]{${KEY_RANDOM_CHARS}}$`));
  });

  it("draws characters without modulo bias (bytes 248..255 are redrawn)", () => {
    // a source that only ever yields 0xff and then 61: every 0xff must be skipped
    let n = 0;
    const s = randomBase62(4, (buf) => {
      for (let i = 0; i < buf.length; i++) buf[i] = n++ % 2 === 0 ? 0xff : 61;
    });
    expect(s).toBe("9999");
  });

  it("stores SHA-256 hex (test vector) and a four-character hint", async () => {
    expect(await hashKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(isKeyHash(await hashKey(generateKey()))).toBe(true);
    expect(keyHint("sk-abcdefWXYZ")).toBe("sk-...WXYZ");
  });

  it("accepts a key or its hash where management calls name a key", async () => {
    const k = generateKey();
    const h = await hashKey(k);
    expect(await tokenOf(k)).toBe(h);
    expect(await tokenOf(h)).toBe(h);
  });
});
