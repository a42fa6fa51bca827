import { useState } from "preact/hooks";
import { api, ApiError } from "../api.js";
import { Field, Notice } from "../components/fields.js";
import type { Session } from "../types.js";

/** Sign in with the master key, an admin's key, or any virtual key (which sees its own usage). */
export function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const key = String(new FormData(form).get("key") ?? "").trim();
    if (!key) return setError("Enter a key.");
    setBusy(true);
    try {
      const s = await api.session<Session>("POST", { key });
      form.reset();
      onSignedIn(s);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "The gateway did not answer.");
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="sign-in" id="main" tabIndex={-1}>
      <h1>Switchyard</h1>
      <form onSubmit={submit} aria-describedby="sign-in-note">
        <Field label="API key" name="key" type="password" autoComplete="off" required placeholder="sk-..." />
        <p id="sign-in-note" class="muted">
          The master key or an admin's key manages the gateway; any other key shows its own usage. The key is exchanged
          for a session and is not kept in the browser.
        </p>
        {error && <Notice kind="error">{error}</Notice>}
        <button type="submit" class="primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
