import { describe, expect, it } from "vitest";
import { createHash, createHmac } from "node:crypto";
import { providerNamed } from "../../../../src/providers/all.js";
import { bedrockAdapter } from "../../../../src/providers/bedrock/index.js";
import { buildRuntimeConfig } from "../../../../src/runtime-config.js";
import { GatewayConfig } from "../../../../src/config/schema.js";
import { BadRequestError } from "../../../../src/errors/gateway-error.js";
import { HELLO, KEYS, MODEL, NOW, makeCtx } from "./context.js";

type Opts = Parameters<typeof makeCtx>[0];
async function build(opts: Partial<Opts> = {}) {
  return bedrockAdapter.buildRequest(makeCtx({ request: { messages: HELLO }, ...opts }));
}

/** SigV4 written out with node:crypto for one Bedrock POST (independent of src/). */
function expectedAuthorization(opts: {
  url: string;
  headers: Record<string, string>;
  body: string;
  region: string;
  secret: string;
  accessKey: string;
}): string {
  const u = new URL(opts.url);
  const path = u.pathname
    .split("/")
    .map((s) => encodeURIComponent(s))
    .join("/");
  const signedNames = Object.keys(opts.headers)
    .filter((h) => h !== "authorization")
    .concat("host")
    .sort();
  const all: Record<string, string> = { ...opts.headers, host: u.host };
  const canonical = [
    "POST",
    path,
    "",
    signedNames.map((n) => `${n}:${all[n]}\n`).join(""),
    signedNames.join(";"),
    createHash("sha256").update(opts.body).digest("hex"),
  ].join("\n");
  const date = opts.headers["x-amz-date"]!;
  const day = date.slice(0, 8);
  const scope = `${day}/${opts.region}/bedrock/aws4_request`;
  const h = (k: Buffer | string, d: string) => createHmac("sha256", k).update(d).digest();
  const key = h(h(h(h(`AWS4${opts.secret}`, day), opts.region), "bedrock"), "aws4_request");
  const sig = createHmac("sha256", key)
    .update(["AWS4-HMAC-SHA256", date, scope, createHash("sha256").update(canonical).digest("hex")].join("\n"))
    .digest("hex");
  return `AWS4-HMAC-SHA256 Credential=${opts.accessKey}/${scope}, SignedHeaders=${signedNames.join(";")}, Signature=${sig}`;
}

describe("bedrock adapter", () => {
  it("is registered under the bedrock prefix with event-stream framing", () => {
    expect(providerNamed("bedrock")?.chat).toBe(bedrockAdapter);
    expect(bedrockAdapter.streamFraming).toBe("aws-event-stream");
  });
});

describe("bedrock endpoint", () => {
  it("posts to the regional runtime endpoint with the model id URL-encoded (':' → %3A)", async () => {
    const r = await build();
    expect(r.method).toBe("POST");
    expect(r.url).toBe(
      "https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse",
    );
  });

  it("uses /converse-stream for streams", async () => {
    expect((await build({ stream: true, request: { messages: HELLO, stream: true } })).url).toMatch(
      /\/converse-stream$/,
    );
  });

  it("encodes an inference-profile ARN as one path segment and accepts the converse/ route prefix", async () => {
    const arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123";
    expect((await build({ model: arn })).url).toBe(
      "https://bedrock-runtime.us-east-1.amazonaws.com/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc123/converse",
    );
    expect((await build({ model: `converse/${MODEL}` })).url).toBe((await build()).url);
  });

  it("api_base replaces the endpoint (loopback mocks), trailing slash or not", async () => {
    expect((await build({ params: { api_base: "http://127.0.0.1:8787/" } })).url).toBe(
      "http://127.0.0.1:8787/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse",
    );
  });

  it("region: aws_region_name, else AWS_REGION, else the api_base host, else us-west-2", async () => {
    expect((await build({ params: { aws_region_name: "eu-west-1" } })).url).toContain(
      "bedrock-runtime.eu-west-1.amazonaws.com",
    );
    expect((await build({ params: { aws_region_name: undefined, aws_region: "ap-northeast-1" } })).url).toContain(
      "bedrock-runtime.ap-northeast-1.",
    );
    expect((await build({ params: { aws_region_name: undefined } })).url).toContain("bedrock-runtime.us-west-2.");
    const viaBase = await build({
      params: { aws_region_name: undefined, api_base: "https://bedrock-runtime.eu-central-1.amazonaws.com" },
    });
    expect(viaBase.headers.authorization).toContain("/eu-central-1/bedrock/aws4_request");
  });
});

describe("bedrock auth", () => {
  it("signs with SigV4 (service bedrock): the authorization matches the spec computed independently", async () => {
    const r = await build();
    const body = r.body as string;
    expect(r.headers["x-amz-date"]).toBe("20241105T090807Z");
    expect(r.headers["x-amz-content-sha256"]).toBe(createHash("sha256").update(body).digest("hex"));
    expect(r.headers["content-type"]).toBe("application/json");
    expect(r.headers).not.toHaveProperty("host");
    expect(r.headers).not.toHaveProperty("x-amz-security-token");
    expect(r.headers.authorization).toBe(
      expectedAuthorization({
        url: r.url,
        headers: r.headers,
        body,
        region: "us-east-1",
        secret: KEYS.aws_secret_access_key,
        accessKey: KEYS.aws_access_key_id,
      }),
    );
    expect(r.headers.authorization).toContain("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, ");
  });

  it("signs the session token too when there is one", async () => {
    const r = await build({ params: { aws_session_token: "FwoGZXIvYXdzEXAMPLE" } });
    expect(r.headers["x-amz-security-token"]).toBe("FwoGZXIvYXdzEXAMPLE");
    expect(r.headers.authorization).toContain(
      "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, ",
    );
    expect(r.headers.authorization).toBe(
      expectedAuthorization({
        url: r.url,
        headers: r.headers,
        body: r.body as string,
        region: "us-east-1",
        secret: KEYS.aws_secret_access_key,
        accessKey: KEYS.aws_access_key_id,
      }),
    );
  });

  it("signs the loopback host (with port) when api_base is set", async () => {
    const r = await build({ params: { api_base: "http://127.0.0.1:8787" } });
    expect(r.headers.authorization).toBe(
      expectedAuthorization({
        url: r.url,
        headers: r.headers,
        body: r.body as string,
        region: "us-east-1",
        secret: KEYS.aws_secret_access_key,
        accessKey: KEYS.aws_access_key_id,
      }),
    );
  });

  it("a Bedrock API key is sent as a bearer token instead of a signature", async () => {
    const r = await build({ params: { api_key: "ABSKQmVkcm9ja0FQSUtleQ" } });
    expect(r.headers).toEqual({ "content-type": "application/json", authorization: "Bearer ABSKQmVkcm9ja0FQSUtleQ" });
  });

  it("no credentials at all is a 400 naming what to set", async () => {
    const p = build({ params: { aws_access_key_id: undefined, aws_secret_access_key: undefined } });
    await expect(p).rejects.toBeInstanceOf(BadRequestError);
    await expect(p).rejects.toMatchObject({
      code: "missing_api_key",
      message: expect.stringContaining("AWS_ACCESS_KEY_ID"),
    });
  });

  it("never puts the secret key in the URL, body or headers", async () => {
    const r = await build({ params: { aws_session_token: "tok" } });
    expect(JSON.stringify(r)).not.toContain(KEYS.aws_secret_access_key);
  });
});

describe("bedrock default environment", () => {
  it("fills AWS_* variables (and AWS_REGION) into a deployment that leaves them out", async () => {
    const cfg = GatewayConfig.parse({
      model_list: [{ model_name: "claude", litellm_params: { model: `bedrock/${MODEL}` } }],
    });
    const env: Record<string, string> = {
      AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
      AWS_SESSION_TOKEN: "tok",
      AWS_REGION: "eu-west-3",
    };
    const rt = buildRuntimeConfig(cfg, { env: (n) => env[n], providerFor: (p) => providerNamed(p)! });
    const d = rt.deployments[0]!;
    const ctx = { ...makeCtx({ request: { messages: HELLO } }), deployment: d };
    const r = await bedrockAdapter.buildRequest(ctx);
    expect(r.url).toBe(
      "https://bedrock-runtime.eu-west-3.amazonaws.com/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse",
    );
    expect(r.headers["x-amz-security-token"]).toBe("tok");
    expect(r.headers.authorization).toContain(
      `Credential=AKIDEXAMPLE/${new Date(NOW).toISOString().slice(0, 10).replace(/-/g, "")}/eu-west-3/bedrock/aws4_request`,
    );
  });
});
