import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures");

export function fixtureText(rel: string): string {
  return readFileSync(path.join(DIR, rel), "utf8");
}

export function fixtureJson<T = unknown>(rel: string): T {
  return JSON.parse(fixtureText(rel)) as T;
}

export function fixtureBytes(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(DIR, rel)));
}
