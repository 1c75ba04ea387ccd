import type { JobType } from '@jobmill/contracts';
import type { JobHandler } from '../handler/job-handler.decorator';
import type { AdmissionPolicy } from '../admission/command-admission.policy';
import type { JobRunRegistry } from '../leases/job-run-registry.port';
import type { JobTimeoutPolicy } from '../timeouts/job-timeouts.policy';
import type { RuntimeObserver } from '../observing/runtime-observer.port';
import type { TypeConcurrency } from './job-type-slots.semaphore';

/** Configuration of one worker loop. */
export interface JobRunnerOptions {
  readonly queue: string;
  /**
   * Consume every priority lane of `queue` (`<queue>.high`, `<queue>`, `<queue>.low`), each with
   * `prefetch`, sharing the slots: a freed slot goes to a waiting high job first. Default false.
   */
  readonly priorityLanes?: boolean;
  /** Messages delivered at once (basic.qos). */
  readonly prefetch: number;
  /** Jobs run at once, counting each member of a batch message. Default `prefetch`. */
  readonly concurrency?: number;
  /** At most this many jobs of a type at once, within `concurrency`. Default: no such limit. */
  readonly typeConcurrency?: TypeConcurrency;
  /** CloudEvents source of the events it publishes, e.g. '/jobmill/detection-worker'. */
  readonly source: string;
  readonly workerId: string;
  readonly handlers: Partial<Record<JobType, JobHandler>>;
  /** Attempts per job unless the command's data.maxAttempts says otherwise. Default 3. */
  readonly maxAttempts?: number;
  /** Base of the exponential retry backoff. Default 1,000 ms. */
  readonly retryBaseDelayMs?: number;
  /** Minimum time between two progress events of one job. Default 500 ms. */
  readonly progressIntervalMs?: number;
  /**
   * How long a job.started waits to go out with its job's outcome (StartedEventHold); 0 sends
   * it at once. Default 20 ms.
   */
  readonly startedHoldMs?: number;
  /** Whether a `succeeded` result is checked against its job type's schema. Default true. */
  readonly validateResults?: boolean;
  /** The durable inbox (leases, one outcome per job, cancellations); without it, at-least-once only. */
  readonly runs?: JobRunRegistry;
  /** Lease of a running job, renewed by heartbeats (a third of it). Default 30,000 ms. */
  readonly leaseMs?: number;
  /** Soft and hard time limits per job type. Default soft 55 min, hard 60 min. */
  readonly timeouts?: JobTimeoutPolicy;
  /** Size limit and tenant authorization of incoming commands. Default 1 MiB, no tenant check. */
  readonly admission?: AdmissionPolicy;
  /** Told when jobs start and end and how many slots are taken (the service's metrics). */
  readonly observer?: RuntimeObserver;
}

/** Attempts per job when neither the command nor the runner's options say. */
export const DEFAULT_MAX_ATTEMPTS = 3;
