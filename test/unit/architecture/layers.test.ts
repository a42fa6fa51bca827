import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const SRC = path.join(ROOT, "src");

/**
 * The portable core's layers, lowest first: a module may import only from layers ranked below its
 * own (and from its own layer). `deps.ts` is the type hub every stage receives and may be imported
 * from anywhere. The Cloudflare shell (src/worker.ts, src/state/cloudflare/, durable-objects/) sits
 * on top of everything and is not ranked.
 */
const RANK: Record<string, number> = {
  openai: 0,
  "logger.ts": 0,
  errors: 1,
  config: 2,
  anthropic: 2.5,
  responses: 2.5,
  streaming: 2,
  state: 2,
  access: 3,
  providers: 3,
  "state/memory": 3,
  upstream: 4,
  accounting: 4,
  codecs: 4,
  "runtime-config.ts": 4,
  "gateway-setup.ts": 5,
  routing: 5,
  observability: 5,
  cache: 5,
  pipeline: 6,
  cli: 6,
  http: 7,
  jobs: 6.5,
  admin: 8,
  dashboard: 8.5,
  "app.ts": 9,
  "live-config.ts": 9,
  library: 10,
  "index.ts": 11,
};
const UNRANKED = new Set(["worker.ts", "state/cloudflare", "deps.ts", "config.yaml"]);

function layerOf(file: string): string {
  const parts = path.relative(SRC, file).split(path.sep);
  if (parts.length === 1) return parts[0]!;
  if (parts[0] === "state" && parts.length > 2) return `state/${parts[1]}`;
  return parts[0]!;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith(".ts") ? [p] : [];
  });
}

const IMPORT = /(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g;

describe("module layers", () => {
  const violations: string[] = [];
  const unknown = new Set<string>();
  for (const file of sources(SRC)) {
    const from = layerOf(file);
    if (UNRANKED.has(from)) continue;
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const target = path.resolve(path.dirname(file), m[1]!).replace(/\.js$/, ".ts");
      if (!target.startsWith(SRC)) continue;
      const to = layerOf(target);
      if (to === from || to === "deps.ts" || to === "config.yaml") continue;
      if (RANK[from] === undefined) unknown.add(from);
      if (RANK[to] === undefined) unknown.add(to);
      if (RANK[from] === undefined || RANK[to] === undefined) continue;
      if (RANK[to]! >= RANK[from]!) violations.push(`${path.relative(ROOT, file)} (${from}) imports ${m[1]} (${to})`);
    }
  }

  it("every source folder has a place in the layer order", () => {
    expect([...unknown]).toEqual([]);
  });

  it("imports point one way: down the layers, never up or sideways", () => {
    expect(violations).toEqual([]);
  });
});
