-- Switchyard D1 schema: management records (keys, teams, users, end users) and spend logs.
-- Records are JSON in `data` next to the columns they are looked up, filtered and joined by.
-- Money is integer micro-dollars, times are epoch milliseconds. Forward-only: change by adding 0002_...

CREATE TABLE keys (
  token TEXT PRIMARY KEY,            -- sha-256 hex of the key (the key itself is never stored)
  token_id TEXT NOT NULL UNIQUE,     -- stable id, survives /key/regenerate
  key_alias TEXT UNIQUE,
  team_id TEXT,
  user_id TEXT,
  created_at INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX keys_team ON keys (team_id, created_at);
CREATE INDEX keys_user ON keys (user_id, created_at);
CREATE INDEX keys_created ON keys (created_at);

CREATE TABLE teams (
  team_id TEXT PRIMARY KEY,
  team_alias TEXT,
  created_at INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX teams_created ON teams (created_at);

CREATE TABLE team_members (
  team_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  role TEXT NOT NULL,
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user ON team_members (user_id);

CREATE TABLE users (
  user_id TEXT PRIMARY KEY,
  user_email TEXT,
  created_at INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX users_created ON users (created_at);

CREATE TABLE customers (
  user_id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX customers_created ON customers (created_at);

-- One row per request, success or failure; never message content, never a key.
CREATE TABLE spend_logs (
  request_id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  key_hash TEXT,
  key_alias TEXT,
  team_id TEXT,
  user_id TEXT,
  end_user TEXT,
  model_group TEXT,
  requested_model TEXT,
  deployment_id TEXT,
  provider TEXT,
  model TEXT,
  prompt_tokens INTEGER NOT NULL,
  completion_tokens INTEGER NOT NULL,
  cached_tokens INTEGER NOT NULL,
  reasoning_tokens INTEGER NOT NULL,
  cost_micros INTEGER NOT NULL,
  status INTEGER NOT NULL,
  error_type TEXT,
  latency_ms INTEGER NOT NULL,
  ttft_ms INTEGER,
  stream INTEGER NOT NULL,
  attempted_retries INTEGER NOT NULL,
  attempted_fallbacks INTEGER NOT NULL,
  tags TEXT NOT NULL,
  metadata TEXT NOT NULL
);
-- Every report filters by time; these serve the per-key, team, user, end-user and model views.
CREATE INDEX spend_logs_created ON spend_logs (created_at);
CREATE INDEX spend_logs_key ON spend_logs (key_hash, created_at);
CREATE INDEX spend_logs_team ON spend_logs (team_id, created_at);
CREATE INDEX spend_logs_user ON spend_logs (user_id, created_at);
CREATE INDEX spend_logs_end_user ON spend_logs (end_user, created_at);
CREATE INDEX spend_logs_model ON spend_logs (model_group, created_at);
