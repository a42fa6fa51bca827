-- Daily spend aggregates: one row per UTC day, dimension (key, team, user, end_user, model, tag),
-- dimension value, model group and key hash ('' stands for none). Reports and budget figures read
-- these instead of scanning raw rows, so raw spend_logs rows can be exported to R2 and deleted after
-- spend_logs_retention_days. They are maintained in the same D1 transaction that inserts the raw rows
-- (src/state/cloudflare/spend-daily.ts): only rows that transaction inserted are added.
CREATE TABLE spend_daily (
  dim TEXT NOT NULL,
  grp TEXT NOT NULL,
  day TEXT NOT NULL,
  model_group TEXT NOT NULL,
  key_hash TEXT NOT NULL,
  requests INTEGER NOT NULL,
  cost_micros INTEGER NOT NULL,
  prompt_tokens INTEGER NOT NULL,
  completion_tokens INTEGER NOT NULL,
  PRIMARY KEY (dim, grp, day, model_group, key_hash)
) WITHOUT ROWID;
CREATE INDEX spend_daily_day ON spend_daily (dim, day);

-- The highest spend_logs rowid before a write transaction's inserts (one row, id 1).
CREATE TABLE spend_rollup_mark (id INTEGER PRIMARY KEY CHECK (id = 1), last_rowid INTEGER NOT NULL);

-- Backfill from the rows already there (the mark starts at 0: every existing row is added once).
INSERT INTO spend_rollup_mark (id, last_rowid) VALUES (1, 0);
INSERT INTO spend_daily (dim, grp, day, model_group, key_hash, requests, cost_micros, prompt_tokens, completion_tokens)
SELECT * FROM (
  SELECT dim, grp, day, mg, kh, COUNT(*), SUM(cost_micros), SUM(prompt_tokens), SUM(completion_tokens) FROM (
    SELECT d.dim AS dim,
      CASE d.dim WHEN 'key' THEN COALESCE(s.key_hash, '') WHEN 'team' THEN COALESCE(s.team_id, '')
        WHEN 'user' THEN COALESCE(s.user_id, '') WHEN 'end_user' THEN COALESCE(s.end_user, '')
        ELSE COALESCE(s.model_group, '') END AS grp,
      strftime('%Y-%m-%d', s.created_at / 1000, 'unixepoch') AS day,
      COALESCE(s.model_group, '') AS mg, COALESCE(s.key_hash, '') AS kh,
      s.cost_micros, s.prompt_tokens, s.completion_tokens
    FROM spend_logs s,
      (SELECT 'key' AS dim UNION ALL SELECT 'team' UNION ALL SELECT 'user' UNION ALL SELECT 'end_user' UNION ALL SELECT 'model') d
    WHERE s.rowid > (SELECT last_rowid FROM spend_rollup_mark WHERE id = 1)
    UNION ALL
    SELECT 'tag', t.value, strftime('%Y-%m-%d', s.created_at / 1000, 'unixepoch'),
      COALESCE(s.model_group, ''), COALESCE(s.key_hash, ''), s.cost_micros, s.prompt_tokens, s.completion_tokens
    FROM spend_logs s, json_each(s.tags) t
    WHERE s.rowid > (SELECT last_rowid FROM spend_rollup_mark WHERE id = 1)
  ) GROUP BY dim, grp, day, mg, kh
) WHERE true
ON CONFLICT(dim, grp, day, model_group, key_hash) DO UPDATE SET
  requests = requests + excluded.requests,
  cost_micros = cost_micros + excluded.cost_micros,
  prompt_tokens = prompt_tokens + excluded.prompt_tokens,
  completion_tokens = completion_tokens + excluded.completion_tokens;
