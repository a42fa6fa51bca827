import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { createHash, createHmac } from "node:crypto";
import { amzDate, canonicalPath, signingKey, signV4 } from "../../../../src/providers/bedrock/sigv4.js";

interface Vector {
  name: string;
  method: string;
  path: string;
  query?: Array<[string, string]>;
  headers?: Record<string, string>;
  body?: string;
  sessionToken?: string;
  canonicalRequest?: string;
  stringToSign?: string;
  authorization: string;
}
const SUITE = JSON.parse(
  readFileSync(new URL("../../../fixtures/bedrock/sigv4-vectors.json", import.meta.url), "utf8"),
) as {
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  service: string;
  date: string;
  host: string;
  vectors: Vector[];
};
const NOW = Date.parse(SUITE.date);

describe("SigV4 against the AWS test suite", () => {
  for (const v of SUITE.vectors) {
    it(v.name, async () => {
      const signed = await signV4({
        method: v.method,
        host: SUITE.host,
        path: v.path,
        query: v.query,
        headers: v.headers,
        body: v.body,
        service: SUITE.service,
        region: SUITE.region,
        credentials: { ...SUITE.credentials, sessionToken: v.sessionToken },
        now: NOW,
      });
      if (v.canonicalRequest) expect(signed.canonicalRequest).toBe(v.canonicalRequest);
      if (v.stringToSign) expect(signed.stringToSign).toBe(v.stringToSign);
      expect(signed.authorization).toBe(v.authorization);
      expect(signed.headers.authorization).toBe(v.authorization);
      expect(signed.headers["x-amz-date"]).toBe("20150830T123600Z");
      if (v.sessionToken) expect(signed.headers["x-amz-security-token"]).toBe(v.sessionToken);
      else expect(signed.headers).not.toHaveProperty("x-amz-security-token");
      expect(signed.headers).not.toHaveProperty("host");
    });
  }
});

/** The spec written out with node:crypto, independent of the WebCrypto implementation. */
function referenceSignature(opts: {
  canonicalRequest: string;
  date: string;
  region: string;
  service: string;
  secret: string;
}): string {
  const day = opts.date.slice(0, 8);
  const h = (k: Buffer | string, d: string) => createHmac("sha256", k).update(d).digest();
  const key = h(h(h(h(`AWS4${opts.secret}`, day), opts.region), opts.service), "aws4_request");
  const sts = [
    "AWS4-HMAC-SHA256",
    opts.date,
    `${day}/${opts.region}/${opts.service}/aws4_request`,
    createHash("sha256").update(opts.canonicalRequest).digest("hex"),
  ].join("\n");
  return createHmac("sha256", key).update(sts).digest("hex");
}

describe("SigV4 for Bedrock paths", () => {
  const body = JSON.stringify({ messages: [{ role: "user", content: [{ text: "hi" }] }] });
  const bodyHash = createHash("sha256").update(body).digest("hex");

  it("encodes the model id segment twice in the canonical request (':' → %3A on the wire → %253A)", async () => {
    const signed = await signV4({
      method: "POST",
      host: "bedrock-runtime.us-east-1.amazonaws.com",
      path: "/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse",
      headers: { "content-type": "application/json" },
      body,
      service: "bedrock",
      region: "us-east-1",
      credentials: {
        accessKeyId: "AKIDEXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        sessionToken: "TOKEN",
      },
      now: Date.parse("2024-11-05T09:08:07Z"),
      contentSha256Header: true,
    });
    const expectedCanonical = [
      "POST",
      "/model/us.anthropic.claude-3-5-sonnet-20241022-v2%253A0/converse",
      "",
      `content-type:application/json\nhost:bedrock-runtime.us-east-1.amazonaws.com\nx-amz-content-sha256:${bodyHash}\nx-amz-date:20241105T090807Z\nx-amz-security-token:TOKEN\n`,
      "content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token",
      bodyHash,
    ].join("\n");
    expect(signed.canonicalRequest).toBe(expectedCanonical);
    const sig = referenceSignature({
      canonicalRequest: expectedCanonical,
      date: "20241105T090807Z",
      region: "us-east-1",
      service: "bedrock",
      secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    });
    expect(signed.authorization).toBe(
      `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20241105/us-east-1/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=${sig}`,
    );
    expect(signed.headers["x-amz-content-sha256"]).toBe(bodyHash);
    expect(signed.headers["x-amz-security-token"]).toBe("TOKEN");
  });

  it("encodes an ARN model id (':' and '/') twice, keeping the structural slashes", () => {
    const wire = `/model/${encodeURIComponent("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0")}/converse-stream`;
    expect(canonicalPath(wire, true)).toBe(
      "/model/arn%253Aaws%253Abedrock%253Aus-east-1%253A123456789012%253Ainference-profile%252Fus.anthropic.claude-3-5-sonnet-20241022-v2%253A0/converse-stream",
    );
    expect(canonicalPath(wire, false)).toBe(wire);
  });

  it("a different secret, day, region or service gives a different signing key", async () => {
    const hexOf = async (p: Promise<ArrayBuffer>) => Buffer.from(await p).toString("hex");
    const base = await hexOf(signingKey("secret", "20150830", "us-east-1", "bedrock"));
    expect(base).toHaveLength(64);
    for (const other of [
      signingKey("secret2", "20150830", "us-east-1", "bedrock"),
      signingKey("secret", "20150831", "us-east-1", "bedrock"),
      signingKey("secret", "20150830", "us-west-2", "bedrock"),
      signingKey("secret", "20150830", "us-east-1", "s3"),
    ]) {
      expect(await hexOf(other)).not.toBe(base);
    }
  });

  it("formats x-amz-date in UTC without separators or milliseconds", () => {
    expect(amzDate(Date.parse("2015-08-30T12:36:00.789Z"))).toBe("20150830T123600Z");
  });
});
