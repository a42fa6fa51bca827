import { beforeAll, describe, expect, it } from "vitest";
import {
  APIConnectionError,
  AuthenticationError,
  ServiceUnavailableError,
} from "../../../../src/errors/gateway-error.js";
import { vertexAdapter, vertexProvider } from "../../../../src/providers/vertex-ai/index.js";
import {
  HELLO,
  T0,
  TOKEN_URI,
  makeClock,
  makeCtx,
  makeServiceAccount,
  tokenEndpoint,
  type TestServiceAccount,
} from "./context.js";

let sa: TestServiceAccount;
let other: TestServiceAccount;
beforeAll(async () => {
  [sa, other] = await Promise.all([makeServiceAccount(), makeServiceAccount({ projectId: "other-project" })]);
});

function build(opts: {
  credentials: string;
  fetch: typeof fetch;
  clock?: { now: number };
  cache?: Map<string, unknown>;
  params?: Record<string, string | undefined>;
}) {
  return Promise.resolve(
    vertexAdapter.buildRequest(
      makeCtx({
        request: { messages: HELLO },
        params: { vertex_credentials: opts.credentials, ...opts.params },
        fetch: opts.fetch,
        clock: opts.clock,
        cache: opts.cache,
      }),
    ),
  );
}

describe("vertex_ai auth: service-account token exchange", () => {
  it("signs an RS256 JWT the token endpoint can verify and sends the access token as Bearer", async () => {
    const ep = tokenEndpoint({ publicKey: sa.publicKey });
    const req = await build({ credentials: sa.json, fetch: ep.fetch });
    expect(req.headers.authorization).toBe("Bearer ya29.token-1");
    expect(ep.calls).toHaveLength(1);
    const iat = Math.floor(T0 / 1000);
    expect(ep.calls[0]).toEqual({
      header: { alg: "RS256", typ: "JWT", kid: "0123456789abcdef" },
      claims: {
        iss: "gateway@sa-project.iam.gserviceaccount.com",
        scope: "https://www.googleapis.com/auth/cloud-platform",
        aud: TOKEN_URI,
        iat,
        exp: iat + 3600,
      },
      grantType: "urn:ietf:params:oauth:grant-type:jwt-bearer",
    });
  });

  it("caches the token: a second request does not hit the token endpoint", async () => {
    const ep = tokenEndpoint({ publicKey: sa.publicKey });
    const cache = new Map<string, unknown>();
    const a = await build({ credentials: sa.json, fetch: ep.fetch, cache });
    const b = await build({ credentials: sa.json, fetch: ep.fetch, cache });
    expect(ep.calls).toHaveLength(1);
    expect(b.headers.authorization).toBe(a.headers.authorization);
  });

  it("refreshes 5 minutes before expiry, not earlier", async () => {
    const FIVE_MINUTES = 5 * 60_000;
    const ep = tokenEndpoint({ publicKey: sa.publicKey, expiresIn: 3599 });
    const cache = new Map<string, unknown>();
    const clock = makeClock();
    await build({ credentials: sa.json, fetch: ep.fetch, cache, clock });
    clock.now = T0 + 3599_000 - FIVE_MINUTES - 1;
    expect((await build({ credentials: sa.json, fetch: ep.fetch, cache, clock })).headers.authorization).toBe(
      "Bearer ya29.token-1",
    );
    expect(ep.calls).toHaveLength(1);
    clock.now = T0 + 3599_000 - FIVE_MINUTES;
    expect((await build({ credentials: sa.json, fetch: ep.fetch, cache, clock })).headers.authorization).toBe(
      "Bearer ya29.token-2",
    );
    expect(ep.calls).toHaveLength(2);
    expect(ep.calls[1]!.claims.iat).toBe(Math.floor(clock.now / 1000));
  });

  it("concurrent requests share one exchange", async () => {
    const ep = tokenEndpoint({ publicKey: sa.publicKey });
    const cache = new Map<string, unknown>();
    const reqs = await Promise.all([1, 2, 3].map(() => build({ credentials: sa.json, fetch: ep.fetch, cache })));
    expect(ep.calls).toHaveLength(1);
    expect(new Set(reqs.map((r) => r.headers.authorization))).toEqual(new Set(["Bearer ya29.token-1"]));
  });

  it("keeps tokens of different service accounts apart", async () => {
    const cache = new Map<string, unknown>();
    const ep1 = tokenEndpoint({ publicKey: sa.publicKey });
    const ep2 = tokenEndpoint({ publicKey: other.publicKey });
    await build({ credentials: sa.json, fetch: ep1.fetch, cache });
    await build({ credentials: other.json, fetch: ep2.fetch, cache });
    expect([ep1.calls.length, ep2.calls.length]).toEqual([1, 1]);
  });

  it("uses the key's project_id when vertex_project is not set", async () => {
    const ep = tokenEndpoint({ publicKey: other.publicKey });
    const req = await build({ credentials: other.json, fetch: ep.fetch, params: { vertex_project: undefined } });
    expect(req.url).toContain("/projects/other-project/locations/us-central1/");
  });
});

describe("vertex_ai auth: failures", () => {
  it("a rejected assertion is an AuthenticationError that names the OAuth error but not the key", async () => {
    const ep = tokenEndpoint({ publicKey: other.publicKey }); // sa's signature does not verify with other's key
    const err = await build({ credentials: sa.json, fetch: ep.fetch }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    const msg = (err as Error).message;
    expect(msg).toContain("invalid_grant: Invalid JWT Signature.");
    const keyBody = sa.privateKey.split("\n")[3]!;
    expect(msg).not.toContain(keyBody);
    expect(msg).not.toContain("PRIVATE KEY");
  });

  it("a failed exchange is not cached: the next request tries again", async () => {
    const cache = new Map<string, unknown>();
    const down = tokenEndpoint({ publicKey: sa.publicKey, status: 503 });
    await expect(build({ credentials: sa.json, fetch: down.fetch, cache })).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    const up = tokenEndpoint({ publicKey: sa.publicKey });
    expect((await build({ credentials: sa.json, fetch: up.fetch, cache })).headers.authorization).toBe(
      "Bearer ya29.token-1",
    );
  });

  it("an unreachable token endpoint is a connection error", async () => {
    const fetch: typeof globalThis.fetch = () => Promise.reject(new TypeError("fetch failed"));
    await expect(build({ credentials: sa.json, fetch })).rejects.toBeInstanceOf(APIConnectionError);
  });

  it.each([
    ["{ not json", /not valid JSON/],
    [JSON.stringify({ type: "service_account", client_email: "x@y" }), /not a service-account key/],
    [
      JSON.stringify({
        client_email: "x@y",
        private_key: "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n",
      }),
      /not a PKCS#8 PEM key/,
    ],
    [
      JSON.stringify({
        client_email: "x@y",
        private_key: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
      }),
      /could not be imported/,
    ],
    ["two words", /neither a JSON key nor an access token/],
  ])("rejects bad credentials %# without echoing them", async (credentials, why) => {
    let fetched = false;
    const fetch: typeof globalThis.fetch = async () => {
      fetched = true;
      return new Response("{}");
    };
    const err = await build({ credentials, fetch }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect((err as Error).message).toMatch(why);
    expect((err as Error).message).not.toContain(credentials);
    expect(fetched).toBe(false);
  });
});

describe("vertex_ai auth: other credential forms", () => {
  it("uses a bare access token as is", async () => {
    const req = await build({
      credentials: "ya29.preissued",
      fetch: () => Promise.reject(new Error("no fetch expected")),
    });
    expect(req.headers.authorization).toBe("Bearer ya29.preissued");
  });

  it("exchanges an authorized-user refresh token and bills its quota project", async () => {
    const forms: URLSearchParams[] = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      expect(String(input)).toBe(TOKEN_URI);
      forms.push(new URLSearchParams(String(init?.body)));
      return Response.json({ access_token: "ya29.user", expires_in: 3599 });
    };
    const credentials = JSON.stringify({
      type: "authorized_user",
      client_id: "cid.apps.googleusercontent.com",
      client_secret: "shh",
      refresh_token: "1//rt",
      quota_project_id: "quota-proj",
    });
    const req = await build({ credentials, fetch });
    expect(Object.fromEntries(forms[0]!)).toEqual({
      grant_type: "refresh_token",
      client_id: "cid.apps.googleusercontent.com",
      client_secret: "shh",
      refresh_token: "1//rt",
    });
    expect(req.headers).toMatchObject({ authorization: "Bearer ya29.user", "x-goog-user-project": "quota-proj" });
  });

  it("without credentials, api_key selects Vertex express mode (Gemini only)", async () => {
    const ctx = makeCtx({
      request: { messages: HELLO },
      params: { vertex_project: undefined, api_key: "AQ.express-key" },
    });
    const req = await vertexAdapter.buildRequest(ctx);
    expect(req.url).toBe(
      "https://aiplatform.googleapis.com/v1/publishers/google/models/gemini-2.0-flash:generateContent",
    );
    expect(req.headers).toEqual({ "content-type": "application/json", "x-goog-api-key": "AQ.express-key" });
    const claude = makeCtx({
      model: "claude-sonnet-4-5@20250929",
      request: { messages: HELLO },
      params: { api_key: "AQ.express-key" },
    });
    await expect(vertexAdapter.buildRequest(claude)).rejects.toMatchObject({ status: 400, code: "missing_api_key" });
  });

  it("asks for credentials when none are configured, and for a project when none is known", async () => {
    await expect(vertexAdapter.buildRequest(makeCtx({ request: { messages: HELLO } }))).rejects.toMatchObject({
      status: 400,
      code: "missing_api_key",
    });
    const ctx = makeCtx({
      request: { messages: HELLO },
      params: { vertex_credentials: "ya29.x", vertex_project: undefined },
    });
    await expect(vertexAdapter.buildRequest(ctx)).rejects.toMatchObject({
      status: 400,
      code: "missing_vertex_project",
    });
  });

  it("declares the LiteLLM environment variables as defaults", () => {
    expect(vertexProvider.defaultEnv).toEqual({
      vertex_project: "VERTEXAI_PROJECT",
      vertex_location: "VERTEXAI_LOCATION",
      vertex_credentials: "VERTEXAI_CREDENTIALS",
    });
  });
});
