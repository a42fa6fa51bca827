-- Stored Responses API responses (POST /v1/responses with store, previous_response_id, input_items).
-- One row per response in `responses`, one per input item in `response_items`. A body (the Response
-- object, or one item) up to 64 KiB is kept in the row; a larger one (images, files as base64) goes to
-- the R2 bucket RESPONSES_BUCKET under `body_key` and the row keeps only the key. Times are epoch ms.

CREATE TABLE responses (
  id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,                 -- "team:<id>", "key:<sha-256>" or "master"
  previous_response_id TEXT,
  deployment_id TEXT NOT NULL,
  native INTEGER NOT NULL,             -- 1: the deployment ran the Responses API itself
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  body TEXT,                           -- Response object JSON, when it fits the row
  body_key TEXT                        -- R2 key of the Response object JSON otherwise
);
CREATE INDEX responses_expires ON responses (expires_at);

CREATE TABLE response_items (
  response_id TEXT NOT NULL,
  seq INTEGER NOT NULL,                -- position in the request's input
  item_id TEXT NOT NULL,
  body TEXT,
  body_key TEXT,
  PRIMARY KEY (response_id, seq)
);
