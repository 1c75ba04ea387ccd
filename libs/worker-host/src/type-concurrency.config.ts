import { isJobType, type JobType } from '@jobmill/contracts';
import type { TypeConcurrency } from '@jobmill/job-runtime';
import { ConfigError, type EnvReader } from '@jobmill/platform';

/** One `type=n` entry of WORKER_TYPE_CONCURRENCY. */
function parseEntry(entry: string, concurrency: number): [JobType, number] {
  const match = /^([a-z0-9.]+)=(\d+)$/.exec(entry.trim());
  const type = match?.[1];
  const limit = Number(match?.[2]);
  if (!match || !isJobType(type) || !(limit >= 1 && limit <= concurrency))
    throw new ConfigError(
      `WORKER_TYPE_CONCURRENCY entries must be <jobType>=<n> with 1 <= n <= WORKER_CONCURRENCY (${concurrency}) (got '${entry}')`,
      'WORKER_TYPE_CONCURRENCY',
    );
  return [type, limit];
}

/**
 * WORKER_TYPE_CONCURRENCY (`detection.vad=2,system.ping=8`): at most that many jobs of a type at
 * once in one worker, within WORKER_CONCURRENCY; types not listed share all the slots.
 */
export function readTypeConcurrency(env: EnvReader, concurrency: number): TypeConcurrency {
  const entries = env.list('WORKER_TYPE_CONCURRENCY', []).map((e) => parseEntry(e, concurrency));
  return Object.fromEntries(entries);
}
