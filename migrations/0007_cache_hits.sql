-- Response cache (src/cache/): whether the cache answered each request, and what a hit saved.
-- cache_hit: 1 = answered from the cache, 0 = looked up and not found, NULL = the cache did not look.
-- Cache reports (GET /cache/stats) are aggregates over these columns.
ALTER TABLE spend_logs ADD COLUMN cache_hit INTEGER;
ALTER TABLE spend_logs ADD COLUMN saved_cost_micros INTEGER;
CREATE INDEX spend_logs_cache ON spend_logs (created_at, cache_hit) WHERE cache_hit IS NOT NULL;
