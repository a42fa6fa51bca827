-- Every endpoint writes spend records: the operation a request was for (chat, embeddings, ...).
-- Rows written before this migration were chat completions.
ALTER TABLE spend_logs ADD COLUMN operation TEXT DEFAULT 'chat';
CREATE INDEX spend_logs_operation ON spend_logs (operation, created_at);
