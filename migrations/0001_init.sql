-- Placeholder-free first migration: the schema version table is managed by the runner.
CREATE TABLE IF NOT EXISTS switchyard_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
