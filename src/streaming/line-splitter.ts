import { BadGatewayError, type GatewayError } from "../errors/gateway-error.js";

/**
 * Longest line (and longest SSE event) an upstream stream may send: 8 Mi characters. Past it the stream
 * ends with an error instead of buffering on (an event that size is a broken or hostile upstream).
 */
export const MAX_STREAM_LINE_CHARS = 8 * 1024 * 1024;

export interface LineSplitter {
  /** Feed decoded text; each complete line goes to `onLine` (without its terminator). */
  push(text: string, onLine: (line: string) => void): void;
  /** The unterminated rest, if any, as a last line. */
  end(onLine: (line: string) => void): void;
}

export function streamTooLarge(what: string, max: number): GatewayError {
  return new BadGatewayError(`the upstream stream sent ${what} longer than ${max} characters; the stream was ended`, {
    code: "upstream_event_too_large",
  });
}

/**
 * Text → lines in linear time: each character is looked at once, however the text is split into
 * pieces (an unfinished line is kept as its pieces and joined once, when it ends). Lines end at LF, and
 * also at CR and CRLF when `crEndsLine` (SSE). A line past `maxChars` throws.
 */
export function lineSplitter(opts: { crEndsLine: boolean; maxChars?: number }): LineSplitter {
  const max = opts.maxChars ?? MAX_STREAM_LINE_CHARS;
  let parts: string[] = [];
  let pending = 0;
  let skipLf = false; // the last piece ended in CR: an LF that starts the next one belongs to it
  const emit = (piece: string, onLine: (l: string) => void) => {
    if (pending + piece.length > max) throw streamTooLarge("a line", max);
    if (parts.length === 0) return onLine(piece);
    parts.push(piece);
    const line = parts.join("");
    parts = [];
    pending = 0;
    onLine(line);
  };
  return {
    push(text, onLine) {
      let start = 0;
      if (skipLf) {
        skipLf = false;
        if (text.charCodeAt(0) === 10) start = 1;
      }
      for (let i = start; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 10 || (ch === 13 && opts.crEndsLine)) {
          emit(text.slice(start, i), onLine);
          if (ch === 13) {
            if (i + 1 === text.length) skipLf = true;
            else if (text.charCodeAt(i + 1) === 10) i++;
          }
          start = i + 1;
        }
      }
      if (start < text.length) {
        pending += text.length - start;
        if (pending > max) throw streamTooLarge("a line", max);
        parts.push(start === 0 ? text : text.slice(start));
      }
    },
    end(onLine) {
      if (parts.length) emit("", onLine);
    },
  };
}
