import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type {
  JobCommandRunner,
  JobCommandRunnerFactory,
  JobRunnerOptions,
} from '@jobmill/messaging';
import type { TaskPool } from '@jobmill/platform';

/**
 * Starts the worker loop once the app is up; on shutdown stops taking messages, lets running
 * jobs finish within the grace period (the rest go back to the queue), then ends the threads.
 */
export class WorkerRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private runner?: JobCommandRunner;

  constructor(
    private readonly runners: JobCommandRunnerFactory,
    private readonly options: JobRunnerOptions,
    private readonly pool: TaskPool,
    private readonly graceMs: number,
  ) {}

  onApplicationBootstrap(): void {
    this.runner = this.runners.create(this.options);
    this.runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner?.stop(this.graceMs);
    await this.pool.destroy();
  }
}
