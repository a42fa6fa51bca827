/**
 * Virtual key material: `sk-` + 48 random base62 characters (≈285 bits) from crypto.getRandomValues,
 * stored only as its SHA-256 (hex) and a short display hint. The raw key is returned once.
 */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const KEY_RANDOM_CHARS = 48;

/** Uniform base62 characters (rejection sampling: bytes ≥ 248 are redrawn, so there is no modulo bias). */
export function randomBase62(
  length: number,
  random: (buf: Uint8Array) => void = (b) => crypto.getRandomValues(b),
): string {
  let out = "";
  const buf = new Uint8Array(length * 2);
  while (out.length < length) {
    random(buf);
    for (const b of buf) {
      if (b >= 248) continue; // 248 = 4 * 62
      out += ALPHABET[b % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export function generateKey(): string {
  return `sk-${randomBase62(KEY_RANDOM_CHARS)}`;
}

/** SHA-256 of the key, lowercase hex: the only form a key is stored or logged in. */
export async function hashKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  let hex = "";
  for (const b of new Uint8Array(digest)) hex += b.toString(16).padStart(2, "0");
  return hex;
}

/** Display hint: "sk-...a1b2" (the last four characters). */
export function keyHint(key: string): string {
  return `sk-...${key.slice(-4)}`;
}

/** A random id for teams, users and keys' stable ids (not secret). */
export function randomId(prefix = ""): string {
  return `${prefix}${randomBase62(20).toLowerCase()}`;
}

/** Whether a presented value is a key hash (64 hex chars) rather than a key. */
export function isKeyHash(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}

/** A stored key hash from a presented key or hash (LiteLLM accepts both in management calls). */
export async function tokenOf(keyOrHash: string): Promise<string> {
  return isKeyHash(keyOrHash) ? keyOrHash : hashKey(keyOrHash);
}
