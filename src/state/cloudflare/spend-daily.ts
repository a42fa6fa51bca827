/**
 * Daily spend aggregates (migrations/0005_spend_daily.sql), kept in the same D1 transaction as the
 * raw spend_logs rows: the write batch first records the highest rowid (MARK_SQL), then inserts
 * the rows (a retry's rows already there are skipped), then adds exactly the rows with a higher
 * rowid, which are the ones this transaction inserted (ROLLUP_SQL). D1 runs a batch as one
 * transaction, one at a time, so aggregates and raw rows never disagree.
 */
export const MARK_SQL =
  "INSERT INTO spend_rollup_mark (id, last_rowid) VALUES (1, (SELECT COALESCE(MAX(rowid), 0) FROM spend_logs)) " +
  "ON CONFLICT(id) DO UPDATE SET last_rowid = excluded.last_rowid";

const DAY_OF = "strftime('%Y-%m-%d', s.created_at / 1000, 'unixepoch')";
const NEW_ROWS = "s.rowid > (SELECT last_rowid FROM spend_rollup_mark WHERE id = 1)";

export const ROLLUP_SQL = `INSERT INTO spend_daily (dim, grp, day, model_group, key_hash, requests, cost_micros, prompt_tokens, completion_tokens)
SELECT * FROM (
  SELECT dim, grp, day, mg, kh, COUNT(*), SUM(cost_micros), SUM(prompt_tokens), SUM(completion_tokens) FROM (
    SELECT d.dim AS dim,
      CASE d.dim WHEN 'key' THEN COALESCE(s.key_hash, '') WHEN 'team' THEN COALESCE(s.team_id, '')
        WHEN 'user' THEN COALESCE(s.user_id, '') WHEN 'end_user' THEN COALESCE(s.end_user, '')
        ELSE COALESCE(s.model_group, '') END AS grp,
      ${DAY_OF} AS day, COALESCE(s.model_group, '') AS mg, COALESCE(s.key_hash, '') AS kh,
      s.cost_micros, s.prompt_tokens, s.completion_tokens
    FROM spend_logs s,
      (SELECT 'key' AS dim UNION ALL SELECT 'team' UNION ALL SELECT 'user' UNION ALL SELECT 'end_user' UNION ALL SELECT 'model') d
    WHERE ${NEW_ROWS}
    UNION ALL
    SELECT 'tag', t.value, ${DAY_OF}, COALESCE(s.model_group, ''), COALESCE(s.key_hash, ''),
      s.cost_micros, s.prompt_tokens, s.completion_tokens
    FROM spend_logs s, json_each(s.tags) t
    WHERE ${NEW_ROWS}
  ) GROUP BY dim, grp, day, mg, kh
) WHERE true
ON CONFLICT(dim, grp, day, model_group, key_hash) DO UPDATE SET
  requests = requests + excluded.requests,
  cost_micros = cost_micros + excluded.cost_micros,
  prompt_tokens = prompt_tokens + excluded.prompt_tokens,
  completion_tokens = completion_tokens + excluded.completion_tokens`;
