-- The optimistic-lock version as a column on the management tables added after 0003 (organizations,
-- shared budgets, runtime models), as on keys, teams, users and end users: an update compares it without
-- parsing the stored JSON. Rows written before this migration take it from their JSON where it parses.
ALTER TABLE organizations ADD COLUMN version INTEGER;
ALTER TABLE budgets ADD COLUMN version INTEGER;
ALTER TABLE model_deployments ADD COLUMN version INTEGER;
UPDATE organizations SET version = json_extract(data, '$.version') WHERE json_valid(data);
UPDATE budgets SET version = json_extract(data, '$.version') WHERE json_valid(data);
UPDATE model_deployments SET version = json_extract(data, '$.version') WHERE json_valid(data);
