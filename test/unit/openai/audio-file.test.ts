import { describe, expect, it } from "vitest";
import { audioContainer, flacSeconds, statedSeconds, wavSeconds } from "../../../src/openai/audio-file.js";
import { makeWav } from "../../helpers/wav.js";

const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)));

/** A FLAC header: "fLaC", a last-block STREAMINFO header, and STREAMINFO with the given rate and sample count. */
function flac(rate: number, samples: number): Uint8Array {
  const b = new Uint8Array(42);
  b.set(bytes("fLaC"), 0);
  b.set([0x80, 0, 0, 34], 4);
  b[18] = (rate >> 12) & 0xff;
  b[19] = (rate >> 4) & 0xff;
  b[20] = ((rate & 0x0f) << 4) | 0x01; // + channels/bits, not read
  b[21] = Math.floor(samples / 2 ** 32) & 0x0f;
  b[22] = (samples >>> 24) & 0xff;
  b[23] = (samples >>> 16) & 0xff;
  b[24] = (samples >>> 8) & 0xff;
  b[25] = samples & 0xff;
  return b;
}

describe("audio files by their magic bytes", () => {
  it("recognises every container OpenAI accepts", () => {
    expect(audioContainer(makeWav(0.1))).toBe("wav");
    expect(audioContainer(bytes("ID3", [4, 0, 0]))).toBe("mp3");
    expect(audioContainer(bytes([0xff, 0xfb, 0x90, 0x64]))).toBe("mp3"); // MPEG-1 layer III frame
    expect(audioContainer(flac(44_100, 44_100))).toBe("flac");
    expect(audioContainer(bytes("OggS", [0, 2]))).toBe("ogg");
    expect(audioContainer(bytes([0, 0, 0, 0x20], "ftypM4A "))).toBe("mp4");
    expect(audioContainer(bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f]))).toBe("webm");
  });

  it("refuses what is not audio, whatever its name", () => {
    expect(audioContainer(bytes("%PDF-1.7"))).toBeUndefined();
    expect(audioContainer(bytes("hello world"))).toBeUndefined();
    expect(audioContainer(bytes([0x89], "PNG"))).toBeUndefined();
    expect(audioContainer(bytes("RIFF", [0, 0, 0, 0], "AVI "))).toBeUndefined();
    expect(audioContainer(new Uint8Array())).toBeUndefined();
    expect(audioContainer(bytes([0xff, 0xf8]))).toBeUndefined(); // sync bits but a reserved layer
    expect(audioContainer(bytes([0xff, 0xeb]))).toBeUndefined(); // sync bits but a reserved version
  });

  it("reads the duration a WAV or FLAC header states; compressed formats state none", () => {
    expect(wavSeconds(makeWav(2.5))).toBeCloseTo(2.5, 6);
    expect(wavSeconds(makeWav(1, 8_000))).toBeCloseTo(1, 6);
    expect(flacSeconds(flac(48_000, 48_000 * 90))).toBe(90);
    expect(statedSeconds(makeWav(3))).toBeCloseTo(3, 6);
    expect(statedSeconds(bytes("ID3", [4, 0, 0]))).toBeUndefined();
  });

  it("counts only the bytes a truncated WAV really holds", () => {
    const whole = makeWav(4);
    expect(wavSeconds(whole.subarray(0, 44 + 32_000))).toBeCloseTo(1, 6);
  });
});
