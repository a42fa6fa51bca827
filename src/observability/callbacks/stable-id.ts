/**
 * Deterministic ids derived from an idempotency key: every delivery attempt of one record names
 * the same trace, span or run, so a receiver that dedupes by id sees one record. Not a secret and
 * not cryptographic; FNV-1a with a different seed per 32 bits.
 */
export function stableHex(input: string, hexChars: number): string {
  let out = "";
  for (let seed = 0; out.length < hexChars; seed++) {
    let h = (0x811c9dc5 ^ Math.imul(seed + 1, 0x9e3779b1)) >>> 0;
    for (let i = 0; i < input.length; i++) h = Math.imul(h ^ input.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
    out += ((h ^ (h >>> 15)) >>> 0).toString(16).padStart(8, "0");
  }
  return out.slice(0, hexChars);
}

/** A UUID-shaped (version 4 layout) id derived from `input`. */
export function stableUuid(input: string): string {
  const h = stableHex(input, 32);
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
