// The dashboard (/ui): ui/src (Preact + hand-written SVG charts) bundled by esbuild into dist/assets/ui,
// served by Workers Static Assets ([assets] in wrangler.toml) with ui/_headers' Content-Security-Policy.
// `node scripts/build-ui.mjs` prints the size; `npm run build`, `npm start`, dev and deploy run it.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const UI = path.join(ROOT, "ui");

/** Build into `outdir` (default dist/assets); returns each file's size and gzip size in bytes. */
export async function buildUi({ outdir = path.join(ROOT, "dist/assets") } = {}) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(path.join(outdir, "ui"), { recursive: true });
  const result = await build({
    entryPoints: { app: path.join(UI, "src/main.tsx"), style: path.join(UI, "styles.css") },
    outdir: path.join(outdir, "ui"),
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    jsx: "automatic",
    jsxImportSource: "preact",
    legalComments: "none",
    write: false,
    logLevel: "warning",
  });
  const hash = createHash("sha256");
  const files = {};
  for (const f of result.outputFiles) {
    writeFileSync(f.path, f.contents);
    hash.update(f.contents);
    files[path.relative(outdir, f.path)] = f.contents;
  }
  // the version query makes a new build's files replace a browser's cached ones
  const version = hash.digest("hex").slice(0, 12);
  const html = readFileSync(path.join(UI, "index.html"), "utf8").replaceAll("__VERSION__", version);
  writeFileSync(path.join(outdir, "ui/index.html"), html);
  files["ui/index.html"] = Buffer.from(html);
  copyFileSync(path.join(UI, "_headers"), path.join(outdir, "_headers"));
  return Object.fromEntries(
    Object.entries(files).map(([name, bytes]) => [name, { bytes: bytes.length, gzip: gzipSync(bytes).length }]),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const sizes = await buildUi();
  let total = 0;
  let gz = 0;
  for (const [name, s] of Object.entries(sizes)) {
    console.log(
      `${name.padEnd(20)} ${(s.bytes / 1024).toFixed(1).padStart(6)} KiB  (${(s.gzip / 1024).toFixed(1)} KiB gzip)`,
    );
    total += s.bytes;
    gz += s.gzip;
  }
  console.log(
    `${"total".padEnd(20)} ${(total / 1024).toFixed(1).padStart(6)} KiB  (${(gz / 1024).toFixed(1)} KiB gzip)`,
  );
}
