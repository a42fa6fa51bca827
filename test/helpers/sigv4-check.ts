import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { RecordedRequest } from "./mock-upstream.js";

/** The AWS credentials a loopback Bedrock mock expects requests to be signed with. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
  service?: string;
}

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const hmac = (key: Buffer | string, s: string) => createHmac("sha256", key).update(s, "utf8").digest();
const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Why a recorded request's SigV4 Authorization header is wrong, or null when it checks out: the
 * signature is recomputed with node:crypto from what the mock received, independently of the
 * gateway's signer (AWS's canonical request, string to sign and key derivation).
 */
export function sigV4Problem(req: RecordedRequest, creds: AwsCredentials): string | null {
  const auth = String(req.headers.authorization ?? "");
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m) return `malformed authorization: ${auth}`;
  const [, keyId, day, region, service, signedHeaders, signature] = m as unknown as string[];
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  if (
    keyId !== creds.accessKeyId ||
    region !== creds.region ||
    service !== (creds.service ?? "bedrock") ||
    !amzDate.startsWith(day!)
  )
    return "wrong credential scope";
  const names = signedHeaders!.split(";");
  const required = ["content-type", "host", "x-amz-date", ...(creds.sessionToken ? ["x-amz-security-token"] : [])];
  for (const r of required) if (!names.includes(r)) return `${r} not signed`;
  if (creds.sessionToken && req.headers["x-amz-security-token"] !== creds.sessionToken) return "wrong session token";
  const payloadHash = sha256(req.body);
  if (req.headers["x-amz-content-sha256"] !== undefined && req.headers["x-amz-content-sha256"] !== payloadHash)
    return "x-amz-content-sha256 does not match the body";
  const [path = "/", query = ""] = req.path.split("?");
  // Every service but S3 encodes each (already encoded) path segment once more.
  const canonicalUri = path.split("/").map(rfc3986).join("/");
  const canonicalQuery = query
    .split("&")
    .filter(Boolean)
    .map((kv) =>
      kv
        .split("=")
        .map((x) => rfc3986(decodeURIComponent(x)))
        .join("="),
    )
    .sort()
    .join("&");
  const canonicalHeaders = names
    .map(
      (n) =>
        `${n}:${String(req.headers[n] ?? "")
          .trim()
          .replace(/\s+/g, " ")}\n`,
    )
    .join("");
  const canonicalRequest = [
    req.method,
    canonicalUri,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join("\n");
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, day!), region!), service!), "aws4_request");
  const expected = hmac(key, stringToSign);
  return timingSafeEqual(expected, Buffer.from(signature!, "hex")) ? null : "signature mismatch";
}
