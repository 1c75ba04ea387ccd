import { metrics } from '@jobmill/platform';
import type { LimitRefusal } from './limit-refusal';

const refused = metrics.counter(
  'submissions_refused_total',
  'Jobs refused for load (QUEUE_FULL, TENANT_RATE_LIMIT, TENANT_IN_FLIGHT_LIMIT), by code and way in',
  ['code', 'via'],
);

/** Counts `jobs` jobs refused for load, submitted over REST or published over AMQP. */
export function countRefused(refusal: LimitRefusal, via: 'rest' | 'amqp', jobs = 1): void {
  refused.inc({ code: refusal.code, via }, jobs);
}
