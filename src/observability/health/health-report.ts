/** What a health check of the deployments found (GET /health; stored by the background checks). */
export interface HealthEndpoint {
  model: string;
  model_name: string;
  model_id: string;
  api_base: string | null;
  error?: string;
  error_type?: string;
  status?: number;
}

export interface HealthReport {
  healthy_endpoints: HealthEndpoint[];
  unhealthy_endpoints: HealthEndpoint[];
  healthy_count: number;
  unhealthy_count: number;
}
