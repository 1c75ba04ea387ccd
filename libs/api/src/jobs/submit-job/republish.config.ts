import { ConfigError, env, type EnvReader } from '@jobmill/platform';

/** When the API republishes the commands of jobs it recorded but never saw confirmed. */
export interface RepublishConfig {
  /** A job's command is republished once it has been unconfirmed this long. */
  readonly afterMs: number;
  /** How often each API process looks for such jobs. */
  readonly intervalMs: number;
}

/**
 * Reads REPUBLISH_AFTER_MS and REPUBLISH_INTERVAL_MS. The first must exceed the publish timeout:
 * a submission still waiting for its confirm must not be republished under it (nor withdrawn
 * after a republish).
 */
export function readRepublishConfig(
  publishTimeoutMs: number,
  vars: EnvReader = env,
): RepublishConfig {
  // The default follows a raised publish timeout, so that raising it alone never stops start-up.
  const fallback = Math.max(60_000, publishTimeoutMs * 3);
  const afterMs = vars.int('REPUBLISH_AFTER_MS', fallback, { min: 1000, max: 3_600_000 });
  if (afterMs <= publishTimeoutMs * 2) {
    throw new ConfigError(
      `REPUBLISH_AFTER_MS (${afterMs}) must be more than twice PUBLISH_TIMEOUT_MS (${publishTimeoutMs})`,
      'REPUBLISH_AFTER_MS',
    );
  }
  return {
    afterMs,
    intervalMs: vars.int('REPUBLISH_INTERVAL_MS', 10_000, { min: 100, max: 600_000 }),
  };
}
