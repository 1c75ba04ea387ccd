import { TENANT_PATTERN } from '@jobmill/contracts';
import { ConfigError, env, type EnvReader } from '@jobmill/platform';

/** CANARY_*: the API's own end-to-end probe (README, "Canary"). */
export interface CanaryConfig {
  /** CANARY_INTERVAL_MS: the pause between two probes; 0, the default, turns the canary off. */
  readonly intervalMs: number;
  /** CANARY_TIMEOUT_MS: how long a probe waits for its job to end before it counts as timed out. */
  readonly timeoutMs: number;
  /** CANARY_TENANT: whose jobs the probes are; no API key needs to name it. */
  readonly tenant: string;
}

/** Below this a probe's polling would be most of the API's work. */
const MIN_INTERVAL_MS = 100;

/** Reads and validates the canary's settings. */
export function readCanaryConfig(vars: EnvReader = env): CanaryConfig {
  const intervalMs = vars.int('CANARY_INTERVAL_MS', 0, { min: 0, max: 86_400_000 });
  if (intervalMs > 0 && intervalMs < MIN_INTERVAL_MS)
    throw new ConfigError(
      `CANARY_INTERVAL_MS must be 0 (off) or at least ${MIN_INTERVAL_MS}, got ${intervalMs}`,
      'CANARY_INTERVAL_MS',
    );
  const tenant = vars.string('CANARY_TENANT', 'canary');
  if (!TENANT_PATTERN.test(tenant))
    throw new ConfigError(
      `CANARY_TENANT must be a tenant slug (lower-case letters, digits, - and _), got '${tenant}'`,
      'CANARY_TENANT',
    );
  return {
    intervalMs,
    timeoutMs: vars.int('CANARY_TIMEOUT_MS', 30_000, { min: 100, max: 3_600_000 }),
    tenant,
  };
}
