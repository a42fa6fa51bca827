/** OpenAI keeps stored responses 30 days; so does the gateway unless `responses_retention_days` says otherwise. */
export const DEFAULT_RETENTION_DAYS = 30;

const DAY_MS = 86_400_000;

/** Epoch ms at which a response stored at `createdAt` expires. */
export function expiresAt(createdAt: number, retentionDays: number | undefined): number {
  return createdAt + Math.round((retentionDays ?? DEFAULT_RETENTION_DAYS) * DAY_MS);
}
