// Bundles the worker (and the config checker) with esbuild, the same way for start, tests and bench.
import { build } from "esbuild";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Worker bundle (ESM, workerd) with the given config.yaml embedded as text. `entry` defaults to src/worker.ts. */
export async function bundleWorker({ configFile = path.join(ROOT, "config.yaml"), outfile, entry }) {
  await build({
    entryPoints: [entry ?? path.join(ROOT, "src/worker.ts")],
    outfile,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    loader: { ".yaml": "text" },
    // src/worker.ts imports ../config.yaml; `npm start -- --config FILE` swaps in another file.
    plugins: [
      {
        name: "switchyard-config",
        setup(b) {
          b.onResolve({ filter: /^\.\.\/config\.yaml$/ }, () => ({ path: path.resolve(configFile) }));
        },
      },
    ],
    external: ["cloudflare:*", "node:*"],
    sourcemap: "linked",
    logLevel: "warning",
  });
  return outfile;
}

/** The config checker for Node (used by start, dev and deploy before anything runs). */
export async function bundleChecker(outfile) {
  await build({
    entryPoints: [path.join(ROOT, "src/cli/check-config.ts")],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    banner: { js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' },
    logLevel: "warning",
  });
  return outfile;
}
