import { metrics } from '@jobmill/platform';
import { CANARY_OUTCOMES } from './canary-outcome';

/**
 * The canary's series, made only where it runs: an API without CANARY_INTERVAL_MS serves none,
 * so JobmillCanaryFailing never reads the age of a success that was never meant to come.
 */
export function canaryMetrics() {
  const runs = metrics.counter(
    'canary_runs_total',
    'Canary probes by how they ended: succeeded, failed, timed_out or refused',
    ['outcome'],
  );
  // Every outcome reads 0 from the start, so a rate over any of them is defined.
  for (const outcome of CANARY_OUTCOMES) runs.inc({ outcome }, 0);
  const lastSuccess = metrics.gauge(
    'canary_last_success_timestamp_seconds',
    'When a canary job last succeeded (Unix seconds); until one has, when the canary started',
  );
  // The canary's start until a probe succeeds: the alert on its age then also covers a canary
  // that never succeeds at all.
  lastSuccess.set(Date.now() / 1000);
  return {
    runs,
    lastSuccess,
    duration: metrics.histogram(
      'canary_duration_seconds',
      'From a canary job submitted to SUCCEEDED visible in the read model',
      [],
      [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    ),
  };
}

export type CanaryMetrics = ReturnType<typeof canaryMetrics>;
