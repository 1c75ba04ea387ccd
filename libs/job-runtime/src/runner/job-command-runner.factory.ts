import type { Transport } from '@jobmill/transport';
import { ReplyRouter } from '../replies/reply.router';
import { JobCommandRunner } from './job-command.runner';
import type { JobRunnerOptions } from './job-runner.types';

/**
 * Creates JobCommandRunners on a service's transport. Its runners share one ReplyRouter, so a
 * command's terminal event also reaches the reply_to its publisher asked for.
 */
export class JobCommandRunnerFactory {
  private readonly replies: ReplyRouter;

  constructor(private readonly transport: Transport) {
    this.replies = new ReplyRouter(transport.publisher);
  }

  /** A runner for a worker queue; call `start()` on it. */
  create(options: JobRunnerOptions): JobCommandRunner {
    const { consumer, events, publisher, names, options: transportOptions } = this.transport;
    const logger = transportOptions.logger;
    return new JobCommandRunner(
      {
        consumer,
        events: this.replies.wrap(events),
        replies: this.replies,
        publisher,
        deadLetterExchange: names.deadLetter,
        ...(logger ? { logger } : {}),
      },
      options,
    );
  }
}
