import type { TranscriptionFormat, TranscriptionResponse } from "../../openai/audio.js";
import type { TranscriptionMeter, TranscriptionResult } from "../provider.js";

/** A timed piece of a transcript. */
export interface TimedText {
  start: number;
  end: number;
  text: string;
}

/** A transcript as a vendor returns it with timing (OpenAI's verbose_json, Workers AI's output). */
export interface Transcript {
  text: string;
  language?: string;
  duration?: number;
  segments?: TimedText[];
  words?: Array<{ word: string; start: number; end: number }>;
}

function clock(seconds: number, sep: "," | "."): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  return `${pad(h)}:${pad(m)}:${pad(s)}${sep}${pad(ms % 1000, 3)}`;
}

/** The cues of a transcript: its segments, else its words, else one cue over the whole text. */
function cuesOf(t: Transcript): TimedText[] {
  if (t.segments?.length) return t.segments;
  if (t.words?.length) return t.words.map((w) => ({ start: w.start, end: w.end, text: w.word }));
  return [{ start: 0, end: t.duration ?? 0, text: t.text }];
}

/** SubRip: numbered cues, comma before the milliseconds. */
export function toSrt(t: Transcript): string {
  return cuesOf(t)
    .map((c, i) => `${i + 1}\n${clock(c.start, ",")} --> ${clock(c.end, ",")}\n${c.text.trim()}\n`)
    .join("\n");
}

/** WebVTT: a header, then cues with a dot before the milliseconds. */
export function toVtt(t: Transcript): string {
  return `WEBVTT\n\n${cuesOf(t)
    .map((c) => `${clock(c.start, ".")} --> ${clock(c.end, ".")}\n${c.text.trim()}\n`)
    .join("\n")}`;
}

/** The end of the last cue of SRT or VTT text, in seconds (how long the audio ran, near enough). */
export function subtitleEndSeconds(text: string): number | undefined {
  let end: number | undefined;
  for (const m of text.matchAll(/-->\s*(?:(\d+):)?(\d{1,2}):(\d{2})[,.](\d{3})/g)) {
    const s = Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000;
    end = Math.max(end ?? 0, s);
  }
  return end;
}

/** A transcript's duration: stated, else where its last segment or word ends. */
export function durationOf(t: Transcript): number | undefined {
  return t.duration ?? t.segments?.at(-1)?.end ?? t.words?.at(-1)?.end;
}

/** A transcript rendered in the format the client asked for, with what it consumed. */
export function renderTranscript(
  t: Transcript,
  opts: { format: TranscriptionFormat; meter?: TranscriptionMeter },
): TranscriptionResult {
  const meter = opts.meter ?? {};
  const m: TranscriptionMeter = { ...meter, durationSeconds: meter.durationSeconds ?? durationOf(t) };
  switch (opts.format) {
    case "text":
      return { kind: "text", body: t.text, ...m };
    case "srt":
      return { kind: "text", body: toSrt(t), ...m };
    case "vtt":
      return { kind: "text", body: toVtt(t), ...m };
    case "verbose_json": {
      const body: TranscriptionResponse = { task: "transcribe", text: t.text };
      if (t.language !== undefined) body.language = t.language;
      if (m.durationSeconds !== undefined) body.duration = m.durationSeconds;
      body.segments = cuesOf(t).map((s, id) => ({ id, seek: 0, start: s.start, end: s.end, text: s.text }));
      if (t.words) body.words = t.words;
      return { kind: "json", body, ...m };
    }
    case "json": {
      const body: TranscriptionResponse = { text: t.text };
      if (m.durationSeconds !== undefined) body.usage = { type: "duration", seconds: Math.ceil(m.durationSeconds) };
      return { kind: "json", body, ...m };
    }
  }
}
