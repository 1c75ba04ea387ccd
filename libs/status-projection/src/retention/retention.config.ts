import { parseRetention } from '@jobmill/contracts';
import { ConfigError, env } from '@jobmill/platform';

/** The retention sweeper's settings (status service). */
export interface RetentionConfig {
  /** JOB_RETENTION in ms: how long a finished job is kept, and the longest a submission may ask. */
  readonly retentionMs: number;
  /** RETENTION_INTERVAL_MS: time between two rounds of deletion and temp-file cleanup. */
  readonly sweepIntervalMs: number;
  /** RETENTION_BATCH_SIZE: jobs deleted per statement (one short transaction each). */
  readonly batchSize: number;
  /** BLOB_DIR: where output blobs and unfinished writes (`.tmp`) live. */
  readonly blobDir: string;
  /** BLOB_TEMP_MAX_AGE_MS: an unfinished write untouched this long was abandoned. */
  readonly tempMaxAgeMs: number;
}

/** JOB_RETENTION ("7d", "12h", "30m", "45s"), read by the API (the limit) and status (the default). */
export function readJobRetention(): number {
  const value = env.string('JOB_RETENTION', '7d');
  const ms = parseRetention(value);
  if (ms === undefined) {
    throw new ConfigError(
      `JOB_RETENTION must be a whole number with a unit s, m, h or d (e.g. 7d, 12h), got '${value}'`,
      'JOB_RETENTION',
    );
  }
  return ms;
}

/** Reads the retention settings; BLOB_DIR comes from the caller (embedded mode overrides it). */
export function readRetentionConfig(blobDir: string): RetentionConfig {
  return {
    retentionMs: readJobRetention(),
    sweepIntervalMs: env.int('RETENTION_INTERVAL_MS', 60_000, { min: 100, max: 86_400_000 }),
    batchSize: env.int('RETENTION_BATCH_SIZE', 500, { min: 1, max: 10_000 }),
    blobDir,
    tempMaxAgeMs: env.int('BLOB_TEMP_MAX_AGE_MS', 3_600_000, { min: 1_000 }),
  };
}
