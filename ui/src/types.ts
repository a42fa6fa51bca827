/** The management API's answers as the dashboard reads them (only the fields it shows). */

export type Role = "proxy_admin" | "proxy_admin_viewer" | "internal_user" | "internal_user_viewer" | "none";

export interface Session {
  signed_in?: boolean;
  kind: "master" | "key";
  role: Role;
  key_alias: string | null;
  key_name: string | null;
  user_id: string | null;
  team_id: string | null;
  csrf_token: string;
  expires_at: number;
}

export interface Limits {
  spend: number;
  max_budget: number | null;
  soft_budget: number | null;
  budget_duration: string | null;
  budget_reset_at: string | null;
  tpm_limit: number | null;
  rpm_limit: number | null;
  max_parallel_requests: number | null;
}

export interface Key extends Limits {
  token: string;
  key_name: string;
  key_alias: string | null;
  models: string[];
  team_id: string | null;
  user_id: string | null;
  blocked: boolean | null;
  expires: string | null;
  created_at: string;
}

export interface Team extends Limits {
  team_id: string;
  team_alias: string | null;
  models: string[];
  blocked: boolean;
  members_with_roles: Array<{ user_id?: string | null; user_email?: string | null; role: string }>;
}

export interface User extends Limits {
  user_id: string;
  user_email: string | null;
  user_alias: string | null;
  user_role: Role;
  models: string[];
}

export interface Customer {
  user_id: string;
  alias: string | null;
  blocked: boolean;
  spend: number;
  litellm_budget_table: { max_budget: number | null; budget_duration: string | null };
}

export interface Sums {
  requests: number;
  errors: number;
  spend: number;
  spend_micros: number;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  avg_latency_ms: number | null;
}

export interface Activity {
  start: number;
  end: number;
  scope: { type: string; id: string };
  totals: Sums;
  hourly: Array<Sums & { hour: number }>;
  by_model: Array<Sums & { id: string; label: string | null }>;
  by_team: Array<Sums & { id: string; label: string | null }>;
  by_key: Array<Sums & { id: string; label: string | null }>;
}

export interface DeploymentStats extends Sums {
  deployment_id: string;
  model_group: string | null;
  error_rate: number;
  p50_ms: number | null;
  p90_ms: number | null;
  p99_ms: number | null;
}

export interface SpendLog {
  request_id: string;
  call_type: string;
  api_key: string;
  key_alias: string | null;
  spend: number;
  total_tokens: number;
  prompt_tokens: number;
  completion_tokens: number;
  startTime: string;
  endTime: string;
  model: string;
  model_group: string | null;
  model_id: string | null;
  custom_llm_provider: string | null;
  user: string;
  team_id: string | null;
  end_user: string;
  status: "success" | "failure";
  status_code: number;
  error_type: string | null;
  latency_ms: number;
  stream: boolean;
  attempted_retries: number;
  attempted_fallbacks: number;
  request_tags: string[];
  metadata: Record<string, unknown>;
  [field: string]: unknown;
}

export interface LiveState {
  in_flight: number;
  rpm_used: number;
  tpm_used: number;
  cooling_down: boolean;
  cooldown_remaining_ms: number;
  cooldown_reason: string | null;
  failures_last_minute: number;
  successes: number;
  failures: number;
  avg_ttft_ms: number | null;
  last_error: { kind: string; status: number; at: number } | null;
}

export interface ModelEntry {
  model_name: string;
  litellm_params: Record<string, unknown>;
  model_info: Record<string, unknown> & { id?: string; provider?: string; db_model?: boolean };
  state: LiveState | null;
}

export const seesAll = (s: Session) => s.role === "proxy_admin" || s.role === "proxy_admin_viewer";
export const isAdmin = (s: Session) => s.role === "proxy_admin";
