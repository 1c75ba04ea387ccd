import { isJobType, type JobType } from '@jobmill/contracts';
import type { JobTimeoutPolicy, JobTimeouts } from '@jobmill/job-runtime';
import { ConfigError, type EnvReader } from '@jobmill/platform';

/** setTimeout's ceiling (about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

/** One `type=softMs:hardMs` entry of JOB_TIMEOUTS. */
function parseEntry(entry: string): [JobType, JobTimeouts] {
  const match = /^([a-z0-9.]+)=(\d+):(\d+)$/.exec(entry.trim());
  const type = match?.[1];
  const softMs = Number(match?.[2]);
  const hardMs = Number(match?.[3]);
  if (!match || !isJobType(type) || !(softMs >= 1 && softMs <= hardMs && hardMs <= MAX_TIMER_MS))
    throw new ConfigError(
      `JOB_TIMEOUTS entries must be <jobType>=<softMs>:<hardMs> with 1 <= soft <= hard (got '${entry}')`,
      'JOB_TIMEOUTS',
    );
  return [type, { softMs, hardMs }];
}

/**
 * Soft and hard time limits: JOB_SOFT_TIMEOUT_MS / JOB_HARD_TIMEOUT_MS for every type
 * (default 55 / 60 minutes), JOB_TIMEOUTS (`detection.vad=600000:660000,...`) per type.
 */
export function readJobTimeouts(env: EnvReader): JobTimeoutPolicy {
  const range = { min: 1, max: MAX_TIMER_MS };
  const softMs = env.int('JOB_SOFT_TIMEOUT_MS', 55 * 60_000, range);
  const hardMs = env.int('JOB_HARD_TIMEOUT_MS', 60 * 60_000, range);
  if (hardMs < softMs)
    throw new ConfigError(
      'JOB_HARD_TIMEOUT_MS must not be below JOB_SOFT_TIMEOUT_MS',
      'JOB_HARD_TIMEOUT_MS',
    );
  const byType = Object.fromEntries(env.list('JOB_TIMEOUTS', []).map(parseEntry));
  return { default: { softMs, hardMs }, byType };
}
