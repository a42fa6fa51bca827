import { InternalServerError, RequestTooLargeError } from "../../errors/gateway-error.js";

/**
 * Where a stored JSON body lives: in its D1 row when it is small, in R2 when it is not. Text turns stay
 * in D1, so a whole conversation is one D1 round trip; images and files (base64, often megabytes) go
 * to R2, which keeps rows far below D1's 2 MB row limit and the database below its 10 GB cap.
 */
export const INLINE_LIMIT_BYTES = 64 * 1024;
/** Without a bucket, bodies up to this size still fit a D1 row (2,000,000 bytes, with room for the other columns). */
const D1_ROW_BODY_LIMIT = 1_900_000;

export interface PlacedBody {
  /** The JSON when it stays in the row. */
  body: string | null;
  /** The R2 key when it does not. */
  key: string | null;
}

const enc = new TextEncoder();

export class ResponseBodies {
  constructor(
    private readonly bucket: R2Bucket | undefined,
    private readonly inlineLimit = INLINE_LIMIT_BYTES,
  ) {}

  /** Decide where `text` goes; a large body is written to R2 under `key` before its row is written. */
  async place(key: string, text: string): Promise<PlacedBody> {
    const size = enc.encode(text).byteLength;
    if (size <= this.inlineLimit) return { body: text, key: null };
    if (this.bucket) {
      await this.bucket.put(key, text, { httpMetadata: { contentType: "application/json" } });
      return { body: null, key };
    }
    if (size <= D1_ROW_BODY_LIMIT) return { body: text, key: null };
    throw new RequestTooLargeError(
      `the response is too large to store (${size} bytes) without an R2 bucket bound as RESPONSES_BUCKET`,
      { code: "response_too_large_to_store" },
    );
  }

  /** The JSON of a row: its inline body, or the R2 object it points to. */
  async load(row: PlacedBody): Promise<string> {
    if (row.body !== null) return row.body;
    if (row.key === null || !this.bucket)
      throw new InternalServerError("a stored response body is missing", { code: "stored_body_missing" });
    const obj = await this.bucket.get(row.key);
    if (!obj) throw new InternalServerError("a stored response body is missing", { code: "stored_body_missing" });
    return obj.text();
  }

  /** Delete R2 objects (at most 1,000 keys per call, as R2 allows). */
  async remove(keys: readonly string[]): Promise<void> {
    if (!this.bucket || keys.length === 0) return;
    for (let i = 0; i < keys.length; i += 1000) await this.bucket.delete(keys.slice(i, i + 1000));
  }
}

export function responseBodyKey(responseId: string): string {
  return `responses/${encodeURIComponent(responseId)}/response.json`;
}

export function itemBodyKey(responseId: string, seq: number): string {
  return `responses/${encodeURIComponent(responseId)}/items/${seq}.json`;
}
