import { type HttpSink, parseHeaderList, required } from "./sink.js";
import { standardLoggingPayload } from "./standard-logging-payload.js";

/**
 * LiteLLM's generic API logger (`generic_api`, also `generic` / `webhook`): a JSON array of
 * StandardLoggingPayload objects POSTed to GENERIC_LOGGER_ENDPOINT with GENERIC_LOGGER_HEADERS
 * ("Name=value,Name2=value2" or a JSON object). Each payload's `id` is the request id (a receiver
 * dedupes on it); the `idempotency-key` header names the batch's records.
 */
export const genericApiSink: HttpSink = {
  maxBatch: 50,
  build(records, vars, opts) {
    const url = required(vars, "GENERIC_LOGGER_ENDPOINT", "generic_api");
    return {
      url,
      headers: {
        ...parseHeaderList(vars("GENERIC_LOGGER_HEADERS")),
        "content-type": "application/json",
        "idempotency-key": records.map((r) => r.idempotencyKey).join(","),
      },
      body: JSON.stringify(records.map((r) => standardLoggingPayload(r.log, opts))),
    };
  },
};
