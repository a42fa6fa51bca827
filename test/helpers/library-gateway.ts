import { createGateway } from "../../src/library/gateway.js";
import type { AiBinding } from "../../src/providers/provider.js";

export const LIB_MASTER_KEY = "sk-lib-master-0123456789";

/** One request the fake upstream received. */
export interface SeenRequest {
  url: string;
  method: string;
  headers: Headers;
  /** The body as text (JSON bodies), or the parsed form of a multipart body. */
  text: string;
  form?: FormData;
  json(): Record<string, unknown>;
}

/**
 * The gateway as a library (in-memory state) in front of a fake upstream `fetch` that records what
 * it received and answers with `answer` — for exact, fast tests of an operation's whole path.
 */
export function libraryGateway(opts: {
  models: unknown[];
  answer: (req: SeenRequest) => Response | Promise<Response>;
  settings?: Record<string, unknown>;
  ai?: AiBinding;
}) {
  const seen: SeenRequest[] = [];
  const upstream: typeof fetch = async (input, init) => {
    const req = new Request(input, init);
    const isForm = req.headers.get("content-type")?.startsWith("multipart/form-data");
    const form = isForm ? await req.formData() : undefined;
    const text = isForm ? "" : await req.text();
    const rec: SeenRequest = {
      url: req.url,
      method: req.method,
      headers: req.headers,
      text,
      form,
      json: () => JSON.parse(text) as Record<string, unknown>,
    };
    seen.push(rec);
    return opts.answer(rec);
  };
  const gw = createGateway({
    config: {
      model_list: opts.models,
      general_settings: { master_key: LIB_MASTER_KEY },
      ...opts.settings,
    },
    env: {},
    fetch: upstream,
    ai: opts.ai,
    log: { info: () => {}, warn: () => {}, error: () => {} },
  });
  const call = (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const isForm = body instanceof FormData;
    return gw.fetch(
      new Request(`http://gateway.test${path}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${LIB_MASTER_KEY}`,
          ...(isForm ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        body: isForm ? body : typeof body === "string" ? body : JSON.stringify(body),
      }),
    );
  };
  return { call, seen, deps: gw.deps };
}

/** A JSON response. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}
