import { Injectable, Logger } from '@nestjs/common';
import {
  DeadLetterBrowser,
  type DeadLetter,
  type DeadLetterAction,
  type DeadLetterView,
} from '@jobmill/transport';
import { ProblemError } from '../problems/problem.error';
import { RetryJobHandler } from '../jobs/retry-job/retry-job.handler';

/** What a requeue did with one dead letter. */
export interface Requeued extends DeadLetterView {
  /** `retried`: its FAILED job got a new attempt; `republished`: the message went back as it was. */
  readonly action: 'retried' | 'republished';
}

/**
 * Lists and requeues dead letters. A command whose job is FAILED is requeued as a retry of that
 * job (a new attempt, shown in its history): the original copy would only meet the job's
 * recorded failure again. Anything else goes back, unchanged, to the queue it came from.
 */
@Injectable()
export class DeadLettersHandler {
  private readonly logger = new Logger('DeadLetters');

  constructor(
    private readonly browser: DeadLetterBrowser,
    private readonly retries: RetryJobHandler,
  ) {}

  /** Up to `limit` dead letters, oldest first, without removing them. */
  list(limit: number): Promise<DeadLetterView[]> {
    return this.browser.peek(limit);
  }

  /** Requeues the dead letter with `messageId`, or every one when it is undefined. */
  async requeue(messageId: string | undefined): Promise<Requeued[]> {
    const actions = new Map<DeadLetterView, Requeued['action']>();
    const removed = await this.browser.take(
      (view) => messageId === undefined || view.messageId === messageId,
      async (letter) => {
        const action = await this.requeueOne(letter);
        if (action) actions.set(letter.view, action);
        return action ? 'remove' : ('keep' satisfies DeadLetterAction);
      },
    );
    return removed.map((view) => ({ ...view, action: actions.get(view) ?? 'republished' }));
  }

  private async requeueOne(letter: DeadLetter): Promise<Requeued['action'] | undefined> {
    const { jobId, tenant } = letter.view;
    if (jobId && tenant && letter.view.type?.endsWith('.requested.v1')) {
      try {
        await this.retries.retry(tenant, jobId);
        return 'retried';
      } catch (error) {
        // Not FAILED (or unknown): the copy itself goes back below. 503: keep it for later.
        if (error instanceof ProblemError && error.status === 503) return undefined;
      }
    }
    try {
      await this.browser.republish(letter);
      return 'republished';
    } catch (error) {
      this.logger.warn(`Cannot requeue ${letter.view.messageId ?? '?'}: ${String(error)}`);
      return undefined;
    }
  }
}
