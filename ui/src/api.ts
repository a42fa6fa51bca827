/**
 * Calls to the gateway's own API from the dashboard: same origin, the session cookie sent by the
 * browser, and the session's CSRF token in `x-csrf-token` on every call (the API refuses a
 * cookie without it). An expired session sends the viewer back to sign-in.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

let csrfToken = "";
let onSessionEnded: () => void = () => {};

export function useSessionToken(token: string, ended: () => void): void {
  csrfToken = token;
  onSessionEnded = ended;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

interface ErrorBody {
  error?: { message?: string; code?: string | number | null };
}

async function send<T>(method: string, path: string, body?: unknown, session = true): Promise<T> {
  const headers: Record<string, string> = {};
  if (csrfToken) headers["x-csrf-token"] = csrfToken;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = {};
  }
  if (!res.ok) {
    const err = (json as ErrorBody).error;
    const code = err?.code === null || err?.code === undefined ? undefined : String(err.code);
    if (session && res.status === 401) onSessionEnded();
    throw new ApiError(res.status, err?.message ?? `the gateway answered ${res.status}`, code);
  }
  return json as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => send<T>("GET", withQuery(path, query)),
  post: <T>(path: string, body: unknown = {}) => send<T>("POST", path, body),
  /** Sign-in and sign-out: no session (yet) to end on a 401. */
  session: <T>(method: "GET" | "POST" | "DELETE", body?: unknown) => send<T>(method, "/ui/session", body, false),
};
