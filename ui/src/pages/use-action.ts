import { useState } from "preact/hooks";

export interface Note {
  kind: "ok" | "error";
  text: string;
}

/** Run a write, then say how it went and reload what the page shows. */
export function useAction(reload: () => void) {
  const [note, setNote] = useState<Note>();
  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      setNote({ kind: "ok", text: done });
      reload();
      return true;
    } catch (e) {
      setNote({ kind: "error", text: e instanceof Error ? e.message : String(e) });
      return false;
    }
  };
  return { note, act };
}
