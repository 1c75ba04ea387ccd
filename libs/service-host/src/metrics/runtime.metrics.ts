import type { JobType } from '@jobmill/contracts';
import type { AttemptOutcome, RuntimeObserver } from '@jobmill/job-runtime';
import { metrics } from '@jobmill/platform';

/** Jobs last from a few milliseconds (system.ping) to the hour of the default hard limit. */
const DURATION_BUCKETS = [0.005, 0.025, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600];
/** Queue waits: sub-millisecond on an idle worker, minutes behind a backlog or a retry delay. */
const WAIT_BUCKETS = [0.001, 0.005, 0.025, 0.1, 0.5, 1, 5, 15, 60, 300, 1800];

/**
 * `jobmill_jobs_cancelled_total{type}`, counted where the cancellation was recorded: the API
 * for a client's (queued or running job), a worker for one it recorded itself.
 */
export function jobsCancelledCounter() {
  return metrics.counter('jobs_cancelled_total', 'Jobs whose outcome is a cancellation', ['type']);
}

/**
 * The job runner in Prometheus: counters of jobs started, succeeded, failed, retried and
 * cancelled by `type`; `jobmill_job_duration_seconds{type,outcome}`,
 * `jobmill_job_queue_wait_seconds{type}`; and the job slots of each queue's runner
 * (`jobmill_jobs_in_flight`, `jobmill_job_slots`, `jobmill_job_slots_utilisation`).
 */
export class RuntimeMetrics implements RuntimeObserver {
  private readonly started = metrics.counter('jobs_started_total', 'Job attempts started', [
    'type',
  ]);
  /** No counter for `superseded`: the job's outcome was counted where it was recorded. */
  private readonly ended: Partial<
    Record<AttemptOutcome, ReturnType<typeof metrics.counter<'type'>>>
  > = {
    succeeded: metrics.counter('jobs_succeeded_total', 'Jobs that succeeded', ['type']),
    failed: metrics.counter('jobs_failed_total', 'Jobs that failed for good', ['type']),
    retried: metrics.counter('jobs_retried_total', 'Failed attempts sent to retry', ['type']),
    cancelled: jobsCancelledCounter(),
  };
  private readonly duration = metrics.histogram(
    'job_duration_seconds',
    'Seconds an attempt ran, from started to its outcome, by type and outcome',
    ['type', 'outcome'],
    DURATION_BUCKETS,
  );
  private readonly queueWait = metrics.histogram(
    'job_queue_wait_seconds',
    'Seconds from a command being written to its attempt starting, by type',
    ['type'],
    WAIT_BUCKETS,
  );
  private readonly inFlight = metrics.gauge('jobs_in_flight', 'Jobs holding a slot', ['queue']);
  private readonly slots = metrics.gauge('job_slots', 'Job slots of the runner', ['queue']);
  private readonly utilisation = metrics.gauge(
    'job_slots_utilisation',
    'Share of the job slots in use (0 to 1)',
    ['queue'],
  );

  jobStarted(jobType: JobType, queueWaitSeconds: number): void {
    this.started.inc({ type: jobType });
    this.queueWait.observe({ type: jobType }, queueWaitSeconds);
  }

  jobEnded(jobType: JobType, outcome: AttemptOutcome, seconds: number): void {
    this.ended[outcome]?.inc({ type: jobType });
    this.duration.observe({ type: jobType, outcome }, seconds);
  }

  slotsChanged(queue: string, inUse: number, size: number): void {
    this.inFlight.set({ queue }, inUse);
    this.slots.set({ queue }, size);
    this.utilisation.set({ queue }, size > 0 ? inUse / size : 0);
  }
}
