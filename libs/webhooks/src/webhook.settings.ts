import { env } from '@jobmill/platform';
import { allowedHostsOf, type AllowedHosts } from './callback-url.policy';
import { parseWebhookSecrets } from './webhook-secrets';

/** The webhook settings the API and status read alike, validated at start-up. */
export interface WebhookSettings {
  /** WEBHOOK_SECRETS: tenant -> secret, for development (rotated secrets live in PostgreSQL). */
  readonly secrets: ReadonlyMap<string, string>;
  /** WEBHOOK_ALLOWED_HOSTS: hosts exempt from the private-address rules (and allowed http). */
  readonly allowedHosts: AllowedHosts;
  /** WEBHOOK_TIMEOUT_MS: how long one POST may take before it counts as failed. */
  readonly timeoutMs: number;
  /** WEBHOOK_BACKOFF_BASE_MS: the wait after the first failed attempt; it doubles each time. */
  readonly backoffBaseMs: number;
  /** WEBHOOK_POLL_MS: how often an idle deliverer looks for due deliveries. */
  readonly pollMs: number;
}

/** Reads the WEBHOOK_* variables (a bad value fails start-up naming the variable). */
export function readWebhookSettings(): WebhookSettings {
  return {
    secrets: parseWebhookSecrets(env.list('WEBHOOK_SECRETS', [])),
    allowedHosts: allowedHostsOf(env.list('WEBHOOK_ALLOWED_HOSTS', [])),
    timeoutMs: env.int('WEBHOOK_TIMEOUT_MS', 10_000, { min: 100, max: 120_000 }),
    backoffBaseMs: env.int('WEBHOOK_BACKOFF_BASE_MS', 30_000, { min: 10, max: 3_600_000 }),
    pollMs: env.int('WEBHOOK_POLL_MS', 1000, { min: 10, max: 60_000 }),
  };
}
