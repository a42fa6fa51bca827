import { useEffect, useState } from "preact/hooks";
import { api, useSessionToken } from "./api.js";
import { timeZone } from "./format.js";
import { SignIn } from "./pages/sign-in.js";
import { ROUTES } from "./routes.js";
import type { Session } from "./types.js";

const pathOf = () => location.hash.replace(/^#\/?/, "").split("?")[0] || "overview";

function useHashPath(): string {
  const [path, setPath] = useState(pathOf());
  useEffect(() => {
    const on = () => setPath(pathOf());
    addEventListener("hashchange", on);
    return () => removeEventListener("hashchange", on);
  }, []);
  return path;
}

function who(s: Session): string {
  if (s.kind === "master") return "the master key";
  return `${s.key_alias ?? s.key_name ?? "a key"}${s.role === "none" ? "" : ` (${s.role})`}`;
}

/** The shell: sign-in until there is a session, then the navigation and the current page. */
export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const path = useHashPath();
  const signedIn = (s: Session | null) => {
    if (s) useSessionToken(s.csrf_token, () => setSession(null));
    setSession(s);
  };
  useEffect(() => {
    api.session<Session>("GET").then(
      (s) => signedIn(s.signed_in ? s : null),
      () => signedIn(null),
    );
  }, []);
  const routes = session ? ROUTES.filter((r) => r.visible(session)) : [];
  const route = routes.find((r) => r.path === path) ?? routes[0];
  useEffect(() => {
    document.title = route && session ? `${route.title} · Switchyard` : "Sign in · Switchyard";
    document.getElementById("main")?.focus();
  }, [route, session]);

  if (session === undefined) return <p class="muted center">Loading…</p>;
  if (session === null) return <SignIn onSignedIn={signedIn} />;
  const signOut = async () => {
    await api.session("DELETE").catch(() => undefined);
    setSession(null);
  };
  const Page = route!.page;
  return (
    <>
      <button type="button" class="skip" onClick={() => document.getElementById("main")?.focus()}>
        Skip to content
      </button>
      <header class="top">
        <span class="brand">Switchyard</span>
        <nav aria-label="Dashboard">
          <ul>
            {routes.map((r) => (
              <li key={r.path}>
                <a href={`#/${r.path}`} aria-current={r === route ? "page" : undefined}>
                  {r.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="whoami">
          <span>
            Signed in as {who(session)} · times in {timeZone}
          </span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <h1>{route!.title}</h1>
        <Page session={session} />
      </main>
    </>
  );
}
