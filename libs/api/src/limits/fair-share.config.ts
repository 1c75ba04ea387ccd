import { ConfigError, env, type EnvReader } from '@jobmill/platform';

/**
 * FAIR_SHARE: how many of a tenant's jobs of one type may wait in the broker or run before its
 * next ones go to the backlog lane. `auto` (the default): the slots of the live workers that run
 * the type. 0 turns fair sharing off.
 */
export type FairShareSetting = 'auto' | number;

/** Reads FAIR_SHARE: `auto`, or a whole number (0 for off). */
export function readFairShare(vars: EnvReader = env): FairShareSetting {
  const value = vars.string('FAIR_SHARE', 'auto');
  if (value === 'auto') return 'auto';
  if (!/^\d{1,9}$/.test(value))
    throw new ConfigError(
      `FAIR_SHARE must be 'auto' or a whole number of jobs (0 for no fair sharing): '${value}'`,
      'FAIR_SHARE',
    );
  return Number(value);
}
