import { SESSION_COOKIE, SESSION_TTL_MS } from "../http/ui-session.js";

/** The dashboard's session cookie: HttpOnly, SameSite=Strict, Secure except on a loopback host (plain http there). */

export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === "localhost" ||
    hostname.endsWith(".localhost") ||
    hostname === "[::1]" ||
    hostname === "::1" ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  );
}

function attributes(url: string, maxAgeSeconds: number): string {
  const secure = isLoopbackHost(new URL(url).hostname) ? "" : "; Secure";
  return `Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}

export const sessionCookie = (url: string, value: string) =>
  `${SESSION_COOKIE}=${value}; ${attributes(url, SESSION_TTL_MS / 1000)}`;

export const clearedCookie = (url: string) => `${SESSION_COOKIE}=; ${attributes(url, 0)}`;
