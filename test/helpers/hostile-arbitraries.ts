import fc from "fast-check";

/**
 * Generators of hostile client input for the fuzz tests: odd strings (bad percent-encoding, text outside
 * Latin-1, control characters), JSON nested deeper than any bound, data: URLs of every kind, tool schemas
 * with $refs, and arbitrary JSON in place of every field. Nothing generated names a host other than
 * loopback.
 */

const oddString = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom(
    "%",
    "%zz",
    "%E0%A4%A",
    "\u0000",
    "\uD800",
    "\u2713\u{1F600}",
    "#/$defs/%",
    "__proto__",
    "constructor",
  ),
  fc.string({ minLength: 1000, maxLength: 5000 }),
);

/** Any JSON value, sometimes nested far deeper than the request bound. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.integer({ min: 60, max: 3000 }).map((d) => nested(d)) },
  { weight: 1, arbitrary: oddString },
);

function nested(depth: number): unknown {
  let v: unknown = "x";
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

const dataUrl = fc
  .tuple(
    fc.constantFrom("image/png", "image/jpeg", "application/pdf", "text/plain", "", 'image"png', "x"),
    fc.constantFrom(";base64", "", "", ";charset=utf-8"),
    fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom("%", "%zz", "%E0%A4%A", "caf%C3%A9", "\u2713", "AAAA", "ab$c", "YWI") },
      { weight: 1, arbitrary: fc.base64String() },
      { weight: 1, arbitrary: oddString },
    ),
  )
  .map(([mime, enc, payload]) => `data:${mime}${enc},${payload}`);

const mediaUrl = fc.oneof(
  { weight: 4, arbitrary: dataUrl },
  {
    weight: 1,
    arbitrary: fc.constantFrom("https://127.0.0.1:9/cat.png", "http://127.0.0.1:9/x.png", "gs://b/x.png", ""),
  },
);

const part = fc.oneof(
  { weight: 2, arbitrary: fc.record({ type: fc.constant("text"), text: oddString }) },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant("image_url"),
      image_url: fc.oneof(mediaUrl, fc.record({ url: mediaUrl })),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant("file"),
      file: fc.record({ file_data: mediaUrl, filename: fc.string() }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant("input_audio"),
      input_audio: fc.record({ data: oddString, format: oddString }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("thinking"), thinking: oddString }) },
);

const toolCall = fc.record({
  id: oddString,
  type: fc.constant("function"),
  function: fc.record({
    name: oddString,
    arguments: fc.oneof(
      oddString,
      anyJson.map((j) => JSON.stringify(j) ?? ""),
    ),
  }),
});

/** Messages in the shapes the schema takes, holding hostile text, media and tool calls. */
const message = fc.oneof(
  fc.record({
    role: fc.constantFrom("system", "user", "developer"),
    content: fc.oneof(
      { weight: 1, arbitrary: oddString },
      { weight: 3, arbitrary: fc.array(part, { minLength: 1, maxLength: 4 }) },
    ),
  }),
  fc.record({
    role: fc.constant("assistant"),
    content: fc.constant(null),
    tool_calls: fc.array(toolCall, { maxLength: 3 }),
  }),
  fc.record({ role: fc.constant("tool"), content: oddString, tool_call_id: oddString }),
);

/** A JSON schema (an object): arbitrary, deep, or of local $refs (chains, self references, bad pointers, doubling). */
const schema: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.dictionary(fc.constantFrom("type", "properties", "items", "anyOf", "allOf", "$defs", "$ref", "enum"), anyJson),
  fc.integer({ min: 60, max: 3000 }).map((d) => ({ type: "object", properties: { a: nested(d) } })),
  fc.integer({ min: 1, max: 45 }).map((levels) => {
    const $defs: Record<string, unknown> = { [`d${levels}`]: { type: "string" } };
    for (let i = 0; i < levels; i++) {
      const next = { $ref: `#/$defs/d${i + 1}` };
      $defs[`d${i}`] = { type: "object", properties: { a: next, b: next }, allOf: [{ $ref: `#/$defs/d${i}` }] };
    }
    return { type: "object", properties: { root: { $ref: "#/$defs/d0" } }, $defs };
  }),
  fc.record({ type: fc.constant("object"), properties: fc.dictionary(oddString, fc.record({ $ref: oddString })) }),
);

const CHAT_FIELDS = ["model", "messages", "tools", "response_format", "tags", "user", "metadata", "max_tokens", "stop"];

/**
 * A chat-completions body for one of `models`: well-formed, with hostile values inside every field (text,
 * media, schemas, tool calls, metadata); a quarter of them with one field replaced by any JSON at all.
 */
export function chatBody(models: readonly string[]): fc.Arbitrary<unknown> {
  const tool = fc.record({
    type: fc.constant("function"),
    function: fc.record({ name: fc.string({ minLength: 1, maxLength: 64 }), parameters: schema }),
  });
  const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
  const body = fc.record({
    model: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...models) }, { weight: 1, arbitrary: oddString }),
    messages: fc.array(message, { minLength: 1, maxLength: 4 }),
    tools: opt(fc.array(tool, { minLength: 1, maxLength: 2 })),
    response_format: opt(
      fc.record({ type: fc.constant("json_schema"), json_schema: fc.record({ name: fc.string(), schema }) }),
    ),
    tags: opt(
      fc.array(fc.oneof({ weight: 9, arbitrary: fc.string({ maxLength: 40 }) }, { weight: 1, arbitrary: oddString }), {
        maxLength: 70,
      }),
    ),
    user: opt(oddString),
    metadata: opt(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }))),
    stream: fc.boolean(),
    max_tokens: opt(fc.integer({ min: 1, max: 1_000_000 })),
    extra_field: opt(fc.jsonValue({ maxDepth: 3 })),
  });
  const mutated = fc
    .tuple(body, fc.option(fc.tuple(fc.constantFrom(...CHAT_FIELDS), anyJson), { freq: 3 }))
    .map(([b, m]) => {
      const out: Record<string, unknown> = Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined));
      if (m) out[m[0]] = m[1];
      return out;
    });
  return fc.oneof({ weight: 12, arbitrary: mutated }, { weight: 1, arbitrary: anyJson });
}

/** A management body: the route's own fields, with hostile values and hostile metadata. */
export const adminBody: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        key_alias: oddString,
        team_id: oddString,
        user_id: oddString,
        key: oddString,
        team_alias: oddString,
        models: fc.oneof(fc.array(oddString, { maxLength: 5 }), anyJson),
        metadata: fc.oneof(anyJson, fc.dictionary(oddString, anyJson)),
        max_budget: fc.oneof(fc.double(), anyJson),
        budget_duration: oddString,
        tags: anyJson,
        aliases: anyJson,
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: anyJson },
);
