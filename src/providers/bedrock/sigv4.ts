/**
 * AWS Signature Version 4 (header form), WebCrypto only. Generic over service and region;
 * Bedrock signs with service "bedrock".
 *
 * Canonical request = method \n canonical path \n canonical query \n canonical headers \n
 * signed headers \n hex(sha256(payload)); string to sign = algorithm \n amz-date \n scope \n
 * hex(sha256(canonical request)); key = HMAC chain "AWS4"+secret → date → region → service →
 * "aws4_request".
 */

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SigV4Input {
  method: string;
  /** Host as sent (with the port when it is not the scheme's default). */
  host: string;
  /** Path exactly as it goes on the wire (segments already percent-encoded once). */
  path: string;
  /** Query parameters, decoded. */
  query?: ReadonlyArray<readonly [string, string]>;
  /** Headers to sign besides host and x-amz-date (e.g. content-type). */
  headers?: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
  service: string;
  region: string;
  credentials: AwsCredentials;
  /** Signing time, epoch ms. */
  now: number;
  /** Also send and sign x-amz-content-sha256 (default false). */
  contentSha256Header?: boolean;
  /**
   * URI-encode each path segment (again) in the canonical request; AWS requires it for every
   * service except S3. Default: service !== "s3".
   */
  escapePath?: boolean;
}

export interface SignedRequest {
  /** Headers to send: the input headers plus x-amz-date, authorization and the optional x-amz-* ones (host is left to fetch). */
  headers: Record<string, string>;
  authorization: string;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

const ALGORITHM = "AWS4-HMAC-SHA256";
const enc = new TextEncoder();

function hex(buf: ArrayBuffer): string {
  const b = new Uint8Array(buf);
  let s = "";
  for (let i = 0; i < b.length; i++) s += b[i]!.toString(16).padStart(2, "0");
  return s;
}

function bytesOf(data: string | Uint8Array): Uint8Array {
  return typeof data === "string" ? enc.encode(data) : data;
}

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", bytesOf(data)));
}

async function hmac(key: Uint8Array | ArrayBuffer, data: string): Promise<ArrayBuffer> {
  const k = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return crypto.subtle.sign("HMAC", k, enc.encode(data));
}

/** The derived signing key for one day, region and service. */
export async function signingKey(secret: string, date: string, region: string, service: string): Promise<ArrayBuffer> {
  const kDate = await hmac(enc.encode(`AWS4${secret}`), date);
  const kRegion = await hmac(kDate, region);
  const kService = await hmac(kRegion, service);
  return hmac(kService, "aws4_request");
}

/** RFC 3986 percent-encoding: everything but A-Z a-z 0-9 - . _ ~ (UTF-8 bytes, uppercase hex). */
export function uriEscape(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** "20150830T123600Z" */
export function amzDate(now: number): string {
  return new Date(now).toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
}

/**
 * Canonical path. With `percentEncode`, "." / ".." / empty segments are normalised away and each
 * segment is percent-encoded (so a wire path holding %3A becomes %253A: encoded twice).
 */
export function canonicalPath(path: string, percentEncode: boolean): string {
  if (!percentEncode) return path || "/";
  const segs: string[] = [];
  for (const s of path.split("/")) {
    if (s === "" || s === ".") continue;
    if (s === "..") segs.pop();
    else segs.push(uriEscape(s));
  }
  const trailing = segs.length > 0 && path.endsWith("/") ? "/" : "";
  return `/${segs.join("/")}${trailing}`;
}

export function canonicalQuery(query: ReadonlyArray<readonly [string, string]>): string {
  return query
    .map(([k, v]) => [uriEscape(k), uriEscape(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

/** Lowercased names, values trimmed with inner whitespace runs collapsed, sorted by name. */
function canonicalHeaders(headers: Record<string, string>): { canonical: string; signed: string } {
  const byName = new Map<string, string>();
  for (const [k, v] of Object.entries(headers)) {
    const name = k.toLowerCase();
    const value = v.trim().replace(/\s+/g, " ");
    const prev = byName.get(name);
    byName.set(name, prev === undefined ? value : `${prev},${value}`);
  }
  const names = [...byName.keys()].sort();
  return {
    canonical: names.map((n) => `${n}:${byName.get(n)}\n`).join(""),
    signed: names.join(";"),
  };
}

/** Sign a request; the returned headers carry the signature. */
export async function signV4(input: SigV4Input): Promise<SignedRequest> {
  const date = amzDate(input.now);
  const day = date.slice(0, 8);
  const payloadHash = await sha256Hex(input.body ?? "");
  const out: Record<string, string> = { ...(input.headers ?? {}) };
  out["x-amz-date"] = date;
  if (input.credentials.sessionToken) out["x-amz-security-token"] = input.credentials.sessionToken;
  if (input.contentSha256Header) out["x-amz-content-sha256"] = payloadHash;
  const { canonical, signed } = canonicalHeaders({ ...out, host: input.host });
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalPath(input.path, input.escapePath ?? input.service !== "s3"),
    canonicalQuery(input.query ?? []),
    canonical,
    signed,
    payloadHash,
  ].join("\n");
  const scope = `${day}/${input.region}/${input.service}/aws4_request`;
  const stringToSign = [ALGORITHM, date, scope, await sha256Hex(canonicalRequest)].join("\n");
  const key = await signingKey(input.credentials.secretAccessKey, day, input.region, input.service);
  const signature = hex(await hmac(key, stringToSign));
  const authorization = `${ALGORITHM} Credential=${input.credentials.accessKeyId}/${scope}, SignedHeaders=${signed}, Signature=${signature}`;
  out.authorization = authorization;
  return { headers: out, authorization, canonicalRequest, stringToSign, signature };
}
