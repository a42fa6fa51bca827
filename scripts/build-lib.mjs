// `npm run build:lib`: the library entry (completion(), createGateway()) as one ESM file for Node and other runtimes.
import { build } from "esbuild";
import path from "node:path";
import { ROOT } from "./bundle.mjs";

await build({
  entryPoints: [path.join(ROOT, "src/index.ts")],
  outfile: path.join(ROOT, "dist/lib/index.js"),
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  mainFields: ["module", "main"],
  packages: "external",
  logLevel: "warning",
});
