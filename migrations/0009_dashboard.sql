-- Dashboard (/ui) sign-in sessions: the cookie holds a random id signed with a key derived from the master key;
-- only the id's SHA-256 is stored, with who opened it (a key's hash, never the key). A session ends at
-- expires_at, at sign-out (revoked_at), when its key stops working, or when the master key changes.
CREATE TABLE ui_sessions (
  id_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  key_hash TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX ui_sessions_key ON ui_sessions (key_hash) WHERE revoked_at IS NULL;

-- Hourly activity for the dashboard's reports (GET /spend/activity): one row per UTC hour (epoch ms of its
-- start), dimension ('all', 'key', 'team', 'user', 'deployment'), dimension value ('' = none) and model group.
-- Hours let the dashboard draw days in the viewer's time zone; the reports read these, never raw rows.
-- 'key_day' holds the keys' sums per UTC day (hour = the day's start): a ranking of every key over a month
-- reads whole days from it and only the range's partial first and last days from 'key'.
CREATE TABLE spend_hourly (
  dim TEXT NOT NULL,
  hour INTEGER NOT NULL,
  grp TEXT NOT NULL,
  model_group TEXT NOT NULL,
  requests INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  cost_micros INTEGER NOT NULL,
  prompt_tokens INTEGER NOT NULL,
  completion_tokens INTEGER NOT NULL,
  latency_ms INTEGER NOT NULL,
  PRIMARY KEY (dim, hour, grp, model_group)
) WITHOUT ROWID;
-- One key's, team's or user's hours (a key holder's own view).
CREATE INDEX spend_hourly_grp ON spend_hourly (dim, grp, hour);

-- Latency histogram of successful requests per deployment and UTC hour: `bucket` is the bucket's upper bound
-- in ms (0 = above the last bound). Percentiles per deployment are read from it (GET /spend/deployments).
CREATE TABLE latency_hourly (
  hour INTEGER NOT NULL,
  deployment_id TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  requests INTEGER NOT NULL,
  PRIMARY KEY (hour, deployment_id, bucket)
) WITHOUT ROWID;

-- Both are kept by a trigger in the transaction that inserts the raw row (a retried row that is already
-- there inserts nothing and adds nothing); raw rows deleted by retention leave the hours in place.
CREATE TRIGGER spend_hourly_add AFTER INSERT ON spend_logs
BEGIN
  INSERT INTO spend_hourly (dim, hour, grp, model_group, requests, errors, cost_micros, prompt_tokens, completion_tokens, latency_ms)
  SELECT d.dim, NEW.created_at - NEW.created_at % d.span, d.grp, COALESCE(NEW.model_group, ''), 1,
    NEW.status >= 400, NEW.cost_micros, NEW.prompt_tokens, NEW.completion_tokens, NEW.latency_ms
  FROM (SELECT 'all' AS dim, '' AS grp, 3600000 AS span
    UNION ALL SELECT 'key', COALESCE(NEW.key_hash, ''), 3600000
    UNION ALL SELECT 'team', COALESCE(NEW.team_id, ''), 3600000
    UNION ALL SELECT 'user', COALESCE(NEW.user_id, ''), 3600000
    UNION ALL SELECT 'deployment', COALESCE(NEW.deployment_id, ''), 3600000) d
  WHERE true
  ON CONFLICT (dim, hour, grp, model_group) DO UPDATE SET
    requests = requests + 1,
    errors = errors + excluded.errors,
    cost_micros = cost_micros + excluded.cost_micros,
    prompt_tokens = prompt_tokens + excluded.prompt_tokens,
    completion_tokens = completion_tokens + excluded.completion_tokens,
    latency_ms = latency_ms + excluded.latency_ms;
  INSERT INTO spend_hourly (dim, hour, grp, model_group, requests, errors, cost_micros, prompt_tokens, completion_tokens, latency_ms)
  SELECT 'key_day', NEW.created_at - NEW.created_at % 86400000, COALESCE(NEW.key_hash, ''), COALESCE(NEW.model_group, ''),
    1, NEW.status >= 400, NEW.cost_micros, NEW.prompt_tokens, NEW.completion_tokens, NEW.latency_ms
  WHERE true
  ON CONFLICT (dim, hour, grp, model_group) DO UPDATE SET
    requests = requests + 1,
    errors = errors + excluded.errors,
    cost_micros = cost_micros + excluded.cost_micros,
    prompt_tokens = prompt_tokens + excluded.prompt_tokens,
    completion_tokens = completion_tokens + excluded.completion_tokens,
    latency_ms = latency_ms + excluded.latency_ms;
  INSERT INTO latency_hourly (hour, deployment_id, bucket, requests)
  SELECT NEW.created_at - NEW.created_at % 3600000, NEW.deployment_id,
    CASE WHEN NEW.latency_ms <= 100 THEN 100 WHEN NEW.latency_ms <= 250 THEN 250 WHEN NEW.latency_ms <= 500 THEN 500
      WHEN NEW.latency_ms <= 1000 THEN 1000 WHEN NEW.latency_ms <= 2000 THEN 2000 WHEN NEW.latency_ms <= 4000 THEN 4000
      WHEN NEW.latency_ms <= 8000 THEN 8000 WHEN NEW.latency_ms <= 15000 THEN 15000
      WHEN NEW.latency_ms <= 30000 THEN 30000 WHEN NEW.latency_ms <= 60000 THEN 60000 ELSE 0 END, 1
  WHERE NEW.deployment_id IS NOT NULL AND NEW.status < 400
  ON CONFLICT (hour, deployment_id, bucket) DO UPDATE SET requests = requests + 1;
END;

-- The hours of the rows already there.
INSERT INTO spend_hourly (dim, hour, grp, model_group, requests, errors, cost_micros, prompt_tokens, completion_tokens, latency_ms)
SELECT d.dim, s.created_at - s.created_at % d.span AS h,
  CASE d.dim WHEN 'all' THEN '' WHEN 'key' THEN COALESCE(s.key_hash, '') WHEN 'team' THEN COALESCE(s.team_id, '')
    WHEN 'user' THEN COALESCE(s.user_id, '') ELSE COALESCE(s.deployment_id, '') END AS g,
  COALESCE(s.model_group, '') AS mg, COUNT(*), SUM(s.status >= 400), SUM(s.cost_micros), SUM(s.prompt_tokens),
  SUM(s.completion_tokens), SUM(s.latency_ms)
FROM spend_logs s,
  (SELECT 'all' AS dim, 3600000 AS span UNION ALL SELECT 'key', 3600000 UNION ALL SELECT 'team', 3600000
    UNION ALL SELECT 'user', 3600000 UNION ALL SELECT 'deployment', 3600000) d
GROUP BY d.dim, h, g, mg;
INSERT INTO spend_hourly (dim, hour, grp, model_group, requests, errors, cost_micros, prompt_tokens, completion_tokens, latency_ms)
SELECT 'key_day', created_at - created_at % 86400000 AS d, COALESCE(key_hash, '') AS g, COALESCE(model_group, '') AS mg,
  COUNT(*), SUM(status >= 400), SUM(cost_micros), SUM(prompt_tokens), SUM(completion_tokens), SUM(latency_ms)
FROM spend_logs GROUP BY d, g, mg;
INSERT INTO latency_hourly (hour, deployment_id, bucket, requests)
SELECT created_at - created_at % 3600000 AS h, deployment_id,
  CASE WHEN latency_ms <= 100 THEN 100 WHEN latency_ms <= 250 THEN 250 WHEN latency_ms <= 500 THEN 500
    WHEN latency_ms <= 1000 THEN 1000 WHEN latency_ms <= 2000 THEN 2000 WHEN latency_ms <= 4000 THEN 4000
    WHEN latency_ms <= 8000 THEN 8000 WHEN latency_ms <= 15000 THEN 15000
    WHEN latency_ms <= 30000 THEN 30000 WHEN latency_ms <= 60000 THEN 60000 ELSE 0 END AS b, COUNT(*)
FROM spend_logs WHERE deployment_id IS NOT NULL AND status < 400
GROUP BY h, deployment_id, b;

-- Paged spend logs filtered to failures (GET /spend/logs/ui?status_filter=failure).
CREATE INDEX spend_logs_failures ON spend_logs (created_at) WHERE status >= 400;
