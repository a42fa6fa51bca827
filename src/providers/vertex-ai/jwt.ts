import { AuthenticationError } from "../../errors/gateway-error.js";

const enc = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const b64json = (v: unknown) => base64url(enc.encode(JSON.stringify(v)));

/** DER bytes of a PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), tolerating `\n` left escaped. */
function pemToDer(pem: string): Uint8Array {
  if (!pem.includes("BEGIN PRIVATE KEY")) {
    throw new AuthenticationError("vertex_credentials private_key is not a PKCS#8 PEM key", {
      provider: "vertex_ai",
      code: "invalid_vertex_credentials",
    });
  }
  const body = pem
    .replace(/-----[A-Z ]+-----/g, "")
    .replace(/\\n/g, "")
    .replace(/\s+/g, "");
  try {
    const bin = atob(body);
    const der = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) der[i] = bin.charCodeAt(i);
    return der;
  } catch {
    throw new AuthenticationError("vertex_credentials private_key is not valid base64", {
      provider: "vertex_ai",
      code: "invalid_vertex_credentials",
    });
  }
}

/** Import a service account's private key for RS256 signing. */
export async function importPrivateKey(pem: string): Promise<CryptoKey> {
  try {
    return await crypto.subtle.importKey(
      "pkcs8",
      pemToDer(pem),
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      false,
      ["sign"],
    );
  } catch (e) {
    if (e instanceof AuthenticationError) throw e;
    throw new AuthenticationError("vertex_credentials private_key could not be imported as an RSA key", {
      provider: "vertex_ai",
      code: "invalid_vertex_credentials",
    });
  }
}

/** A compact RS256 JWT: base64url(header).base64url(claims).base64url(signature). */
export async function signJwt(opts: {
  key: CryptoKey;
  claims: Record<string, unknown>;
  keyId?: string;
}): Promise<string> {
  const header = opts.keyId ? { alg: "RS256", typ: "JWT", kid: opts.keyId } : { alg: "RS256", typ: "JWT" };
  const input = `${b64json(header)}.${b64json(opts.claims)}`;
  const sig = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", opts.key, enc.encode(input));
  return `${input}.${base64url(new Uint8Array(sig))}`;
}
