import { generateKeyPairSync, verify, type KeyObject } from "node:crypto";
import type http from "node:http";
import { fixtureJson } from "./fixtures.js";
import { sendJson, type RecordedRequest } from "./mock-upstream.js";

/** A service account with a fresh RSA key, and the token endpoint that checks its signed JWTs. */
export interface GoogleServiceAccount {
  /** The service-account key JSON (vertex_credentials) naming `tokenUri`. */
  credentials(tokenUri: string): string;
  /** The access token the endpoint hands out (from test/fixtures/vertex_ai/token-response.json). */
  accessToken: string;
  /** Verified exchanges: each JWT's header and claims. */
  exchanges: Array<{ header: Record<string, unknown>; claims: Record<string, unknown> }>;
  /** A mock handler for Google's OAuth token endpoint: a jwt-bearer grant whose RS256 signature verifies. */
  tokenEndpoint(req: RecordedRequest, res: http.ServerResponse): void;
}

const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;

export function googleServiceAccount(opts: { projectId: string }): GoogleServiceAccount {
  const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const publicKey: KeyObject = pair.publicKey;
  const privateKeyPem = pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const tokenResponse = fixtureJson<{ access_token: string }>("vertex_ai/token-response.json");
  const exchanges: GoogleServiceAccount["exchanges"] = [];
  return {
    accessToken: tokenResponse.access_token,
    exchanges,
    credentials: (tokenUri) =>
      JSON.stringify({
        type: "service_account",
        project_id: opts.projectId,
        private_key_id: "kid-0123456789",
        private_key: privateKeyPem,
        client_email: `gateway@${opts.projectId}.iam.gserviceaccount.com`,
        client_id: "100000000000000000001",
        token_uri: tokenUri,
      }),
    tokenEndpoint(req, res) {
      const form = new URLSearchParams(req.body);
      const [h = "", c = "", s = ""] = (form.get("assertion") ?? "").split(".");
      const signed = verify("RSA-SHA256", Buffer.from(`${h}.${c}`), publicKey, Buffer.from(s, "base64url"));
      if (
        req.headers["content-type"] !== "application/x-www-form-urlencoded" ||
        form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer" ||
        !signed
      ) {
        sendJson(res, 400, fixtureJson("vertex_ai/token-error.json"));
        return;
      }
      exchanges.push({ header: decode(h), claims: decode(c) });
      sendJson(res, 200, tokenResponse);
    },
  };
}
