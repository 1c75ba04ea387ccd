import { availableParallelism, hostname } from 'node:os';
import {
  admissionPolicyOf,
  DEFAULT_MAX_COMMAND_BYTES,
  DEFAULT_STARTED_HOLD_MS,
  type AdmissionPolicy,
  type JobTimeoutPolicy,
  type TypeConcurrency,
} from '@jobmill/job-runtime';
import { env, sharedSettings } from '@jobmill/platform';
import { readJobTimeouts } from './job-timeouts.config';
import { readTypeConcurrency } from './type-concurrency.config';

/** What a worker service reads from its environment, validated at start-up. */
export interface WorkerConfig {
  readonly port: number;
  readonly amqpUrl: string;
  readonly topologyPrefix: string;
  readonly blobDir: string;
  /** Worker threads that run CPU-heavy jobs: one per core by default. */
  readonly threads: number;
  /**
   * Jobs in flight (job slots, and the prefetch of messages): the threads' count by default.
   * Higher keeps the threads fed when jobs are short: the extra jobs wait in the pool's queue.
   */
  readonly concurrency: number;
  /** WORKER_TYPE_CONCURRENCY: at most that many jobs of a type at once, within `concurrency`. */
  readonly typeConcurrency: TypeConcurrency;
  readonly maxAttempts: number;
  readonly shutdownGraceMs: number;
  /** The inbox (job_runs): leases, one outcome per job, cancellations. */
  readonly databaseUrl: string;
  /** Lease of a running job; a worker that stops heartbeating is seen as stalled after it. */
  readonly leaseMs: number;
  /** JOB_STARTED_HOLD_MS: how long a job.started waits to go out with the job's outcome. */
  readonly startedHoldMs: number;
  readonly timeouts: JobTimeoutPolicy;
  /** WORKER_INSTANCE_ID: this instance's name in the workers list; `hostname:pid` if unset. */
  readonly instanceId: string;
  /** WORKER_HEARTBEAT_MS: how often it records its heartbeat and reads the paused job types. */
  readonly heartbeatMs: number;
  /** Size limit and tenant authorization of commands (AMQP_TENANT_USERS, AMQP_TRUSTED_USERS). */
  readonly admission: AdmissionPolicy;
}

/** Reads a worker's configuration; `defaultPort` differs per worker so they can share a host. */
export function readWorkerConfig(defaultPort: number): WorkerConfig {
  const threads = env.int('WORKER_THREADS', availableParallelism(), { min: 1, max: 256 });
  const concurrency = env.int('WORKER_CONCURRENCY', threads, { min: 1, max: 4096 });
  return {
    port: sharedSettings.port(defaultPort),
    amqpUrl: sharedSettings.amqpUrl(),
    topologyPrefix: sharedSettings.topologyPrefix(),
    blobDir: sharedSettings.blobDir(),
    threads,
    concurrency,
    typeConcurrency: readTypeConcurrency(env, concurrency),
    maxAttempts: env.int('MAX_ATTEMPTS', 3, { min: 1, max: 20 }),
    shutdownGraceMs: env.int('SHUTDOWN_GRACE_MS', 25_000, { min: 0 }),
    databaseUrl: sharedSettings.databaseUrl(),
    leaseMs: env.int('JOB_LEASE_MS', 30_000, { min: 300, max: 3_600_000 }),
    startedHoldMs: env.int('JOB_STARTED_HOLD_MS', DEFAULT_STARTED_HOLD_MS, { min: 0, max: 1_000 }),
    timeouts: readJobTimeouts(env),
    instanceId: env.string('WORKER_INSTANCE_ID', `${hostname()}:${process.pid}`),
    heartbeatMs: env.int('WORKER_HEARTBEAT_MS', 1_000, { min: 100, max: 60_000 }),
    admission: admissionPolicyOf({
      amqpUrl: sharedSettings.amqpUrl(),
      topologyPrefix: sharedSettings.topologyPrefix(),
      ...sharedSettings.commandAdmission(DEFAULT_MAX_COMMAND_BYTES),
    }),
  };
}
