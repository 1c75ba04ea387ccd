import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { OnApplicationShutdown } from '@nestjs/common';
import { Piscina } from 'piscina';
import { TaskFailedError, type TaskResult } from '@jobmill/task-result';
import { observePool } from './task-pool.metrics';

/** How a pool is built: one task file, a fixed number of threads. */
export interface TaskPoolOptions {
  /** Absolute path of the task module (.js when built; .ts under the test runner). */
  readonly filename: string;
  /** Threads; defaults to the machine's cores so CPU work never starves the event loop. */
  readonly threads?: number;
  /** The `pool` label of its metrics; default the task file's name (`detect` for detect.task.js). */
  readonly name?: string;
}

/** Per-run options: cancellation, progress from inside the thread, and which task to run. */
export interface RunOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (fraction: number) => void;
  /** The task module's export to run (default: its default export), so job types share a pool. */
  readonly task?: string;
}

/** Every task receives its input plus a port to post progress fractions on. */
export type TaskInput<T> = T & { readonly progressPort: MessagePort };

/**
 * A worker-thread pool (piscina) for CPU-heavy job bodies. Aborting a run ends its thread,
 * which is how a cancelled or timed-out job stops computing, not just its record. Provided to
 * Nest, it ends its threads at shutdown, after the job servers drained (their hook runs first).
 */
export class TaskPool implements OnApplicationShutdown {
  private readonly pool: Piscina;
  private readonly unobserve: () => void;

  constructor(options: TaskPoolOptions) {
    const threads = options.threads ?? availableParallelism();
    const underTs = options.filename.endsWith('.ts');
    this.pool = new Piscina({
      filename: options.filename,
      minThreads: threads,
      maxThreads: threads,
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
      // Under the test runner the task is TypeScript: let the thread compile it the same way.
      ...(underTs ? { execArgv: ['--require', '@swc-node/register'] } : {}),
    });
    const name = options.name ?? path.basename(options.filename).split('.')[0] ?? 'tasks';
    this.unobserve = observePool(name, () => this.stats());
  }

  /** Runs one task; resolves with its value or rejects with a TaskFailedError carrying its code. */
  async run<I extends object, O>(input: I, options: RunOptions = {}): Promise<O> {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (fraction: number) => options.onProgress?.(fraction));
    try {
      const result = (await this.pool.run(
        { ...input, progressPort: port2 },
        {
          transferList: [port2],
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.task ? { name: options.task } : {}),
        },
      )) as TaskResult<O>;
      if (!result.ok) throw new TaskFailedError(result.error);
      return result.value;
    } finally {
      port1.close();
    }
  }

  /** Threads, busy share and queue length, for metrics. */
  stats(): { threads: number; utilization: number; queued: number } {
    return {
      threads: this.pool.threads.length,
      utilization: this.pool.utilization,
      queued: this.pool.queueSize,
    };
  }

  /** Ends every thread. */
  async destroy(): Promise<void> {
    this.unobserve();
    await this.pool.destroy();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.destroy();
  }
}
