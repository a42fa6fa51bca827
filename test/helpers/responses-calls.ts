import { expect } from "vitest";
import type OpenAI from "openai";
import type { TestGateway } from "./gateway.js";

/** Shared pieces of the Responses API integration tests (test/workers/responses-*.test.ts). */

export type Json = Record<string, any>;

/** A 1×1 PNG as a data: URL. */
export const PNG_DATA =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BAAQAFAgH/0GQYGQAAAABJRU5ErkJggg==";
export const PNG_URL = `data:image/png;base64,${PNG_DATA}`;

export const WEATHER: OpenAI.Responses.FunctionTool = {
  type: "function",
  name: "get_weather",
  description: "Current weather for a city",
  parameters: {
    type: "object",
    properties: { location: { type: "string" }, unit: { type: "string" } },
    required: ["location"],
  },
  strict: false,
};

export const PERSON_FORMAT = {
  type: "json_schema" as const,
  name: "person",
  strict: true,
  schema: {
    type: "object",
    properties: { name: { type: "string" }, born: { type: "integer" } },
    required: ["name", "born"],
    additionalProperties: false,
  },
};

export interface RawResponsesStream {
  status: number;
  contentType: string | null;
  /** Every event's JSON, in order. */
  events: Json[];
}

/** POST a streamed Responses request with plain fetch and read its SSE frames; `event:` must name each data's type. */
export async function rawResponsesStream(
  gw: TestGateway,
  body: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<RawResponsesStream> {
  const res = await gw.call("/v1/responses", { body: { ...body, stream: true }, headers });
  const text = await res.text();
  const events = text
    .split("\n\n")
    .filter((f) => f.trim() !== "")
    .map((frame) => {
      const lines = frame.split("\n");
      const name = lines.find((l) => l.startsWith("event: "))?.slice(7);
      const data = JSON.parse(
        lines
          .filter((l) => l.startsWith("data: "))
          .map((l) => l.slice(6))
          .join("\n"),
      ) as Json;
      expect(name).toBe(data.type);
      return data;
    });
  return { status: res.status, contentType: res.headers.get("content-type"), events };
}
