import { availableParallelism } from 'node:os';
import { env } from '@jobmill/platform';

/** What a worker service reads from its environment, validated at start-up. */
export interface WorkerConfig {
  readonly port: number;
  readonly amqpUrl: string;
  readonly topologyPrefix: string;
  readonly blobDir: string;
  /** Worker threads, and so jobs in flight (prefetch): one job per core by default. */
  readonly concurrency: number;
  readonly maxAttempts: number;
  readonly shutdownGraceMs: number;
}

/** Reads a worker's configuration; `defaultPort` differs per worker so they can share a host. */
export function readWorkerConfig(defaultPort: number): WorkerConfig {
  return {
    port: env.int('PORT', defaultPort, { min: 1, max: 65535 }),
    amqpUrl: env.url('AMQP_URL', 'amqp://guest:guest@127.0.0.1:5672', ['amqp:', 'amqps:']),
    topologyPrefix: env.string('TOPOLOGY_PREFIX', ''),
    blobDir: env.string('BLOB_DIR', './data/blobs'),
    concurrency: env.int('WORKER_CONCURRENCY', availableParallelism(), { min: 1, max: 256 }),
    maxAttempts: env.int('MAX_ATTEMPTS', 3, { min: 1, max: 20 }),
    shutdownGraceMs: env.int('SHUTDOWN_GRACE_MS', 25_000, { min: 0 }),
  };
}
