import { describe, expect, it } from "vitest";
import { renderTranscript, subtitleEndSeconds, toSrt, toVtt } from "../../../src/providers/shared/transcript.js";

const t = {
  text: "Hello there. General Kenobi.",
  language: "english",
  segments: [
    { start: 0, end: 1.5, text: " Hello there." },
    { start: 1.5, end: 3725.25, text: " General Kenobi." },
  ],
};

describe("transcripts rendered in the client's format", () => {
  it("writes SubRip and WebVTT cues from the segments", () => {
    expect(toSrt(t)).toBe(
      "1\n00:00:00,000 --> 00:00:01,500\nHello there.\n\n2\n00:00:01,500 --> 01:02:05,250\nGeneral Kenobi.\n",
    );
    expect(toVtt(t)).toBe(
      "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nHello there.\n\n00:00:01.500 --> 01:02:05.250\nGeneral Kenobi.\n",
    );
  });

  it("reads the duration back from the last cue of either", () => {
    expect(subtitleEndSeconds(toSrt(t))).toBeCloseTo(3725.25, 6);
    expect(subtitleEndSeconds(toVtt(t))).toBeCloseTo(3725.25, 6);
    expect(subtitleEndSeconds("WEBVTT\n\n00:01.000 --> 00:04.500\nshort form\n")).toBeCloseTo(4.5, 6);
    expect(subtitleEndSeconds("no cues")).toBeUndefined();
  });

  it("answers json with the text and usage, verbose_json with segments, text as is", () => {
    expect(renderTranscript(t, { format: "json" })).toEqual({
      kind: "json",
      body: { text: t.text, usage: { type: "duration", seconds: 3726 } },
      durationSeconds: 3725.25,
    });
    const verbose = renderTranscript({ ...t, duration: 3726 }, { format: "verbose_json" });
    expect(verbose.body).toMatchObject({ task: "transcribe", language: "english", duration: 3726, text: t.text });
    expect(verbose.kind === "json" && verbose.body.segments).toEqual([
      { id: 0, seek: 0, start: 0, end: 1.5, text: " Hello there." },
      { id: 1, seek: 0, start: 1.5, end: 3725.25, text: " General Kenobi." },
    ]);
    expect(renderTranscript({ text: "plain" }, { format: "text" })).toEqual({
      kind: "text",
      body: "plain",
      durationSeconds: undefined,
    });
  });

  it("falls back to word cues when a vendor gives only words", () => {
    const words = {
      text: "hi you",
      words: [
        { word: "hi", start: 0, end: 0.4 },
        { word: "you", start: 0.4, end: 0.9 },
      ],
    };
    expect(toSrt(words)).toBe("1\n00:00:00,000 --> 00:00:00,400\nhi\n\n2\n00:00:00,400 --> 00:00:00,900\nyou\n");
    expect(renderTranscript(words, { format: "text" }).durationSeconds).toBe(0.9);
  });
});
