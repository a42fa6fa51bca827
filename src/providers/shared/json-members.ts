/**
 * Edits the top-level members of a JSON object's text without re-serialising anything else: every byte
 * outside the members that are set or removed stays exactly as the client sent it (numbers, escapes,
 * whitespace, key order). The native path changes only what the gateway must (model, version, framing).
 * The text must already be valid JSON (the route has parsed it); a top level that is not an object throws.
 */

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

interface Member {
  key: string;
  /** Start of the member's text, including the whitespace after the preceding `{` or `,`. */
  start: number;
  /** Where its value starts and ends. */
  valueStart: number;
  valueEnd: number;
}

function skipWs(s: string, i: number): number {
  while (i < s.length && WS.has(s.charCodeAt(i))) i++;
  return i;
}

function stringEnd(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 0x5c /* \ */) j++;
    else if (c === 0x22 /* " */) return j + 1;
  }
  throw new Error("unterminated string in JSON text");
}

function valueEnd(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 0x22) return stringEnd(s, i);
  if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      const d = s.charCodeAt(j);
      if (d === 0x22) j = stringEnd(s, j) - 1;
      else if (d === 0x7b || d === 0x5b) depth++;
      else if (d === 0x7d || d === 0x5d) {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    throw new Error("unterminated object or array in JSON text");
  }
  let j = i;
  while (j < s.length && !WS.has(s.charCodeAt(j)) && !",}]".includes(s[j]!)) j++;
  return j;
}

function members(s: string): { members: Member[]; open: number; close: number } {
  const open = skipWs(s, 0);
  if (s.charCodeAt(open) !== 0x7b) throw new Error("JSON text is not an object");
  const out: Member[] = [];
  let i = open + 1;
  for (;;) {
    const start = i;
    i = skipWs(s, i);
    if (s.charCodeAt(i) === 0x7d) return { members: out, open, close: i };
    const keyEnd = stringEnd(s, i);
    const key = JSON.parse(s.slice(i, keyEnd)) as string;
    i = skipWs(s, skipWs(s, keyEnd) + 1); // past ':'
    const end = valueEnd(s, i);
    out.push({ key, start, valueStart: i, valueEnd: end });
    i = skipWs(s, end);
    if (s.charCodeAt(i) === 0x2c /* , */) i++;
    else if (s.charCodeAt(i) === 0x7d) return { members: out, open, close: i };
    else throw new Error("malformed object in JSON text");
  }
}

export interface JsonEdit {
  /** Members to set: replaced in place where present (every occurrence), appended otherwise; undefined removes. */
  set?: Readonly<Record<string, unknown>>;
  /** Members to remove. */
  remove?: readonly string[];
}

export function editJsonObject(text: string, edit: JsonEdit): string {
  const remove = new Set(edit.remove ?? []);
  const set: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(edit.set ?? {})) {
    if (v === undefined) remove.add(k);
    else set[k] = v;
  }
  const { members: list, open, close } = members(text);
  const kept: string[] = [];
  const seen = new Set<string>();
  for (const m of list) {
    if (Object.hasOwn(set, m.key)) {
      seen.add(m.key);
      kept.push(text.slice(m.start, m.valueStart) + JSON.stringify(set[m.key]));
    } else if (!remove.has(m.key)) kept.push(text.slice(m.start, m.valueEnd));
  }
  for (const [k, v] of Object.entries(set)) if (!seen.has(k)) kept.push(`${JSON.stringify(k)}:${JSON.stringify(v)}`);
  const last = list.at(-1);
  const tail = text.slice(last ? last.valueEnd : open + 1, close);
  return `${text.slice(0, open + 1)}${kept.join(",")}${tail}${text.slice(close)}`;
}
