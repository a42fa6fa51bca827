import { useState } from "preact/hooks";

/** A new key, shown this once with a copy button: the gateway keeps only its hash. */
export function SecretOnce({ value, onDone }: { value: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <section class="secret" aria-labelledby="secret-title">
      <h3 id="secret-title">Copy the new key now</h3>
      <p>It is shown only this once. Store it somewhere safe.</p>
      <div class="secret-row">
        <code data-testid="new-key">{value}</code>
        <button type="button" onClick={copy}>
          {copied ? "Copied" : "Copy key"}
        </button>
      </div>
      <span role="status" class="visually-hidden">
        {copied ? "Key copied to the clipboard" : ""}
      </span>
      <button type="button" onClick={onDone}>
        Done
      </button>
    </section>
  );
}
