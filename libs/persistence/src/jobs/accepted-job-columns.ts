import { DEFAULT_PRIORITY } from '@jobmill/contracts';
import type { AcceptedJob } from './accepted-job';

// The columns every accepted job is inserted with, one array parameter each ($1-$11), in one
// place so that a new submission option reaches every way a job is recorded. A statement's own
// columns follow as $12 on.

/** The names, as an `unnest(...) AS t(...)` alias and an insert's column list. */
export const ACCEPTED_COLUMNS = `id, tenant, type, max_attempts, input, idempotency_key,
  request_hash, dedup_key, priority, retention_ms, callback_url`;

/** The same columns as selected from that alias (`input` arrives as text). */
export const ACCEPTED_VALUES = `id, tenant, type, max_attempts, input::jsonb, idempotency_key,
  request_hash, dedup_key, priority, retention_ms, callback_url`;

/** The arrays `$1`-`$11`, typed for `unnest`. */
export const ACCEPTED_ARRAYS = `$1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[],
  $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::text[]`;

/** The parameters `$1`-`$11` for these jobs. */
export const acceptedParams = (jobs: readonly AcceptedJob[]): unknown[] => [
  jobs.map((j) => j.id),
  jobs.map((j) => j.tenant),
  jobs.map((j) => j.type),
  jobs.map((j) => j.maxAttempts ?? null),
  jobs.map((j) => JSON.stringify(j.input)),
  jobs.map((j) => j.idempotencyKey ?? null),
  jobs.map((j) => j.requestHash ?? null),
  jobs.map((j) => j.dedupKey ?? null),
  jobs.map((j) => j.priority ?? DEFAULT_PRIORITY),
  jobs.map((j) => j.retentionMs ?? null),
  jobs.map((j) => j.callbackUrl ?? null),
];
