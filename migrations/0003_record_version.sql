-- The optimistic-lock version of each management record, as a column: an update compares it without
-- parsing the record's JSON (a record whose metadata nests past SQLite's JSON depth limit could not be
-- updated, blocked or regenerated). Rows SQLite cannot parse keep NULL until their next write.
ALTER TABLE keys ADD COLUMN version INTEGER;
ALTER TABLE teams ADD COLUMN version INTEGER;
ALTER TABLE users ADD COLUMN version INTEGER;
ALTER TABLE customers ADD COLUMN version INTEGER;
UPDATE keys SET version = json_extract(data, '$.version') WHERE json_valid(data);
UPDATE teams SET version = json_extract(data, '$.version') WHERE json_valid(data);
UPDATE users SET version = json_extract(data, '$.version') WHERE json_valid(data);
UPDATE customers SET version = json_extract(data, '$.version') WHERE json_valid(data);
