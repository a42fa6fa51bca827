import type { SealedSecrets } from "./model-record.js";

/**
 * Credentials sealed with AES-256-GCM (WebCrypto) under a key derived from a Worker secret
 * (SHA-256 of SWITCHYARD_SALT_KEY). The model id is the additional data: a ciphertext copied to
 * another row does not open there. A fresh random 96-bit IV per seal.
 */
const keys = new Map<string, Promise<CryptoKey>>();

function aesKey(secret: string): Promise<CryptoKey> {
  let k = keys.get(secret);
  if (!k) {
    k = crypto.subtle
      .digest("SHA-256", new TextEncoder().encode(secret))
      .then((raw) => crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]));
    keys.set(secret, k);
  }
  return k;
}

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export async function seal(secret: string, boundTo: string, value: Record<string, unknown>): Promise<SealedSecrets> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(boundTo) },
    await aesKey(secret),
    new TextEncoder().encode(JSON.stringify(value)),
  );
  return { iv: b64(iv), data: b64(new Uint8Array(data)) };
}

/** The sealed value; throws when the key is wrong or the ciphertext was altered or moved. */
export async function open(secret: string, boundTo: string, sealed: SealedSecrets): Promise<Record<string, unknown>> {
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: unb64(sealed.iv), additionalData: new TextEncoder().encode(boundTo) },
    await aesKey(secret),
    unb64(sealed.data),
  );
  return JSON.parse(new TextDecoder().decode(plain)) as Record<string, unknown>;
}
