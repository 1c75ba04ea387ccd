import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import {
  ControlSubscriber,
  JobCommandRunnerFactory,
  type JobCommandRunner,
  type JobRunnerOptions,
} from '@jobmill/job-runtime';
import { defaultLogger, type Transport } from '@jobmill/transport';
import type { TaskPool } from '@jobmill/platform';

/**
 * Starts the worker loop and its control subscription once the app is up; on shutdown stops
 * taking messages, lets running jobs finish within the grace period (the rest go back to the
 * queue), then ends the threads.
 */
export class WorkerRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private runner?: JobCommandRunner;
  private control?: ControlSubscriber;

  constructor(
    private readonly transport: Transport,
    private readonly options: JobRunnerOptions,
    private readonly pool: TaskPool,
    private readonly graceMs: number,
  ) {}

  onApplicationBootstrap(): void {
    const runner = new JobCommandRunnerFactory(this.transport).create(this.options);
    this.runner = runner;
    const logger = this.transport.options.logger ?? defaultLogger('WorkerControl');
    this.control = new ControlSubscriber(
      this.transport.connection,
      this.transport.names.control,
      (request) => {
        if (runner.cancel(request.jobId)) logger.log(`Cancelled running job ${request.jobId}.`);
      },
      logger,
    );
    this.control.start();
    runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner?.stop(this.graceMs);
    await this.control?.stop();
    await this.pool.destroy();
  }
}
