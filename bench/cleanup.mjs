// Everything the bench starts registers its stop function here; it runs on every exit path
// (normal end, thrown error, SIGINT/SIGTERM), newest first, each once. (Miniflare also hooks the
// signals and kills its own workerd child; a Miniflare still starting when a signal lands is covered by that.)
const stops = [];

/** Register `stop`; the returned function runs it now (once) and unregisters it. */
export function onCleanup(stop) {
  stops.push(stop);
  return async () => {
    const i = stops.indexOf(stop);
    if (i === -1) return;
    stops.splice(i, 1);
    await stop();
  };
}

export async function cleanupAll() {
  while (stops.length) {
    const stop = stops.pop();
    try {
      await stop();
    } catch (e) {
      console.error(`cleanup: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
]) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping everything the bench started`);
    cleanupAll().finally(() => process.exit(code));
  });
}
