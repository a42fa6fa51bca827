-- LiteLLM-compatible management: organizations, shared budgets, runtime models, key rotation with a
-- grace period, and the audit log. Money is integer micro-dollars, times epoch milliseconds.

-- Records point to a shared budget (budget_id) or an organization; the columns serve the lookups
-- that push a changed budget to every record using it, and the organization's team list.
ALTER TABLE keys ADD COLUMN budget_id TEXT;
ALTER TABLE users ADD COLUMN budget_id TEXT;
ALTER TABLE customers ADD COLUMN budget_id TEXT;
ALTER TABLE teams ADD COLUMN organization_id TEXT;
CREATE INDEX keys_budget ON keys (budget_id);
CREATE INDEX users_budget ON users (budget_id);
CREATE INDEX users_email ON users (user_email);
CREATE INDEX customers_budget ON customers (budget_id);
CREATE INDEX teams_organization ON teams (organization_id, created_at);

CREATE TABLE organizations (
  organization_id TEXT PRIMARY KEY,
  organization_alias TEXT,
  budget_id TEXT,
  created_at INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX organizations_created ON organizations (created_at);
CREATE INDEX organizations_budget ON organizations (budget_id);

CREATE TABLE organization_members (
  organization_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  role TEXT NOT NULL,
  PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX organization_members_user ON organization_members (user_id);

-- Shared budgets (/budget/*): limits that keys, users, end users and organizations use via budget_id.
CREATE TABLE budgets (
  budget_id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX budgets_created ON budgets (created_at);

-- A regenerated key's previous hash, accepted until expires_at (/key/regenerate grace_period).
CREATE TABLE previous_tokens (
  token TEXT PRIMARY KEY,
  token_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX previous_tokens_token_id ON previous_tokens (token_id);

-- Deployments added at runtime (/model/new); credentials are AES-GCM ciphertext in `data`.
CREATE TABLE model_deployments (
  model_id TEXT PRIMARY KEY,
  model_name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX model_deployments_name ON model_deployments (model_name);
CREATE INDEX model_deployments_created ON model_deployments (created_at);

-- One row, bumped with every model write: isolates poll it to notice changes with one small read.
CREATE TABLE model_deployments_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO model_deployments_version (id, version) VALUES (1, 0);

-- Every management write: who (master key or a key's hash and alias, never the key), what, before and after.
CREATE TABLE audit_logs (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  actor_alias TEXT,
  actor_role TEXT NOT NULL,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  before_value TEXT,
  after_value TEXT
);
CREATE INDEX audit_logs_created ON audit_logs (created_at);
CREATE INDEX audit_logs_object ON audit_logs (object_type, object_id, created_at);
CREATE INDEX audit_logs_actor ON audit_logs (actor, created_at);
CREATE INDEX audit_logs_action ON audit_logs (action, created_at);
