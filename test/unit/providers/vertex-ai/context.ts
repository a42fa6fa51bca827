import type { ProviderContext } from "../../../../src/providers/provider.js";
import { providerContext, providerFixtures, type ProviderContextOptions } from "../../../helpers/provider-context.js";

export { HELLO, bodyOf } from "../../../helpers/provider-context.js";

export const { fixtureText, fixtureJson } = providerFixtures<Record<string, unknown>>("vertex_ai");

export const T0 = 1_750_000_000_000;
export const TOKEN_URI = "https://oauth2.googleapis.com/token";

/** A mutable clock: tests move `clock.now` instead of sleeping. */
export function makeClock(start = T0): { now: number } {
  return { now: start };
}

function b64(bytes: ArrayBuffer): string {
  let s = "";
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s);
}

export interface TestServiceAccount {
  /** vertex_credentials as configured: the key-file JSON text. */
  json: string;
  privateKey: string;
  publicKey: CryptoKey;
}

/** A fresh RSA key pair wrapped in a service-account key file, like `gcloud iam service-accounts keys create` writes. */
export async function makeServiceAccount(
  opts: { projectId?: string; tokenUri?: string } = {},
): Promise<TestServiceAccount> {
  const pair = (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  const der = b64((await crypto.subtle.exportKey("pkcs8", pair.privateKey)) as ArrayBuffer);
  const pem = `-----BEGIN PRIVATE KEY-----\n${der.match(/.{1,64}/g)!.join("\n")}\n-----END PRIVATE KEY-----\n`;
  const json = JSON.stringify(
    {
      type: "service_account",
      project_id: opts.projectId ?? "sa-project",
      private_key_id: "0123456789abcdef",
      private_key: pem,
      client_email: "gateway@sa-project.iam.gserviceaccount.com",
      client_id: "100000000000000000001",
      auth_uri: "https://accounts.google.com/o/oauth2/auth",
      token_uri: opts.tokenUri ?? TOKEN_URI,
    },
    null,
    2,
  );
  return { json, privateKey: pem, publicKey: pair.publicKey };
}

function b64urlDecode(s: string): Uint8Array {
  const std = s.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (s.length % 4)) % 4);
  return Uint8Array.from(atob(std), (c) => c.charCodeAt(0));
}

export interface TokenCall {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  grantType: string | null;
}

/**
 * A mock OAuth token endpoint (as a fetch function) that verifies the RS256 JWT assertion with the
 * service account's public key and answers `{access_token, expires_in}`; a bad signature gets the
 * documented invalid_grant error. Other URLs go to `fallback`.
 */
export function tokenEndpoint(opts: {
  publicKey: CryptoKey;
  expiresIn?: number;
  status?: number;
  fallback?: typeof fetch;
}): { fetch: typeof fetch; calls: TokenCall[] } {
  const calls: TokenCall[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const url = String(input);
    if (url !== TOKEN_URI) {
      if (opts.fallback) return opts.fallback(input, init);
      throw new Error(`unexpected fetch ${url}`);
    }
    const form = new URLSearchParams(String(init?.body ?? ""));
    const [h, c, s] = (form.get("assertion") ?? "").split(".");
    const header = JSON.parse(new TextDecoder().decode(b64urlDecode(h ?? ""))) as Record<string, unknown>;
    const claims = JSON.parse(new TextDecoder().decode(b64urlDecode(c ?? ""))) as Record<string, unknown>;
    calls.push({ header, claims, grantType: form.get("grant_type") });
    const valid = await crypto.subtle.verify(
      "RSASSA-PKCS1-v1_5",
      opts.publicKey,
      b64urlDecode(s ?? ""),
      new TextEncoder().encode(`${h}.${c}`),
    );
    if (opts.status)
      return new Response(fixtureText("token-error.json"), {
        status: opts.status,
        headers: { "content-type": "application/json" },
      });
    if (!valid)
      return new Response(fixtureText("token-error.json"), {
        status: 400,
        headers: { "content-type": "application/json" },
      });
    return Response.json({
      access_token: `ya29.token-${calls.length}`,
      expires_in: opts.expiresIn ?? 3599,
      token_type: "Bearer",
    });
  };
  return { fetch: fetchFn, calls };
}

const vertexCtx = providerContext({
  provider: "vertex_ai",
  modelName: "my-vertex",
  model: "gemini-2.0-flash",
  params: ({ model }) => ({ model: `vertex_ai/${model}`, vertex_project: "my-proj", vertex_location: "us-central1" }),
  requestId: "chatcmpl-gw456",
  id: "v1",
});

/** A ProviderContext for one vertex_ai deployment; its clock is `clock.now`. */
export function makeCtx(opts: Omit<ProviderContextOptions, "now"> & { clock?: { now: number } }): ProviderContext {
  const clock = opts.clock ?? makeClock();
  return vertexCtx({ ...opts, now: () => clock.now });
}
