import { Inject, Injectable, Logger } from '@nestjs/common';
import { parseCommandType } from '@jobmill/contracts';
import {
  DeadLetterBrowser,
  Transport,
  type DeadLetter,
  type DeadLetterAction,
  type DeadLetterView,
} from '@jobmill/transport';
import { API_CONFIG, type ApiConfig } from '../api.config';
import { brokerUnavailableProblem } from '../problems/unavailable.problem';
import { ProblemError } from '../problems/problem.error';
import { RetryJobHandler } from '../jobs/retry-job/retry-job.handler';
import {
  requeueActingUserOf,
  requeueRefusalOf,
  type RequeueRefusal,
} from './dead-letter-requeue.policy';

/** What a requeue did with one dead letter. */
export interface Requeued extends DeadLetterView {
  /** `retried`: its FAILED job got a new attempt; `republished`: the message went back as it was. */
  readonly action: 'retried' | 'republished';
}

/** A dead letter a requeue left in the queue, and why. */
export interface NotRequeued extends DeadLetterView {
  readonly refusal: RequeueRefusal;
}

/** The answer to a requeue: per letter what happened; `complete` false if cut short. */
export interface RequeueReport {
  readonly requeued: Requeued[];
  readonly notRequeued: NotRequeued[];
  /** False when the time budget ran out first: ask again for the rest. */
  readonly complete: boolean;
}

/** The answer to a discard: the letters removed for good; `complete` false if cut short. */
export interface DiscardReport {
  readonly discarded: DeadLetterView[];
  /** False when the time budget ran out first: ask again for the rest. */
  readonly complete: boolean;
}

type Decision = Requeued['action'] | RequeueRefusal;

/**
 * Lists and requeues dead letters. Each letter is judged first as its original publisher's
 * message (requeueRefusalOf): what the workers would refuse stays, with the reason. A command
 * whose job is FAILED is requeued as a retry of that job (a new attempt, shown in its
 * history); anything else goes back, unchanged, to the queue it came from.
 */
@Injectable()
export class DeadLettersHandler {
  private readonly logger = new Logger('DeadLetters');

  constructor(
    private readonly browser: DeadLetterBrowser,
    private readonly retries: RetryJobHandler,
    private readonly transport: Transport,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Up to `limit` dead letters, oldest first, without removing them. */
  list(limit: number): Promise<DeadLetterView[]> {
    return this.browser.peek(limit).catch(deadLettersUnreachable);
  }

  /** Requeues the dead letter with `messageId`, the commands of `jobType`, or every one. */
  async requeue(which: RequeueSelection = {}): Promise<RequeueReport> {
    const requeued: Requeued[] = [];
    const notRequeued: NotRequeued[] = [];
    const report = await this.browser
      .take(
        (view) => selects(which, view),
        async (letter): Promise<DeadLetterAction> => {
          const decision = await this.requeueOne(letter);
          if (typeof decision !== 'string') {
            notRequeued.push({ ...letter.view, refusal: decision });
            return 'keep';
          }
          requeued.push({ ...letter.view, action: decision });
          return 'remove';
        },
      )
      .catch(deadLettersUnreachable);
    return { requeued, notRequeued, complete: report.complete };
  }

  /**
   * Removes the selected dead letters for good: those a requeue keeps (refused for who
   * published them, or data the workers would refuse again) would otherwise stay forever. Each
   * one is logged as it is taken, before its removal, so that a call cut short by the broker
   * still leaves a record of every letter it may have removed.
   */
  async discard(which: DiscardSelection): Promise<DiscardReport> {
    const discarded: DeadLetterView[] = [];
    const report = await this.browser
      .take(
        (view) => selects(which, view),
        (letter): Promise<DeadLetterAction> => {
          const v = letter.view;
          this.logger.warn(
            `Discarding dead letter ${v.messageId ?? '?'} (job ${v.jobId ?? '-'}, tenant ${v.tenant ?? '-'}, type ${v.type ?? '-'}, from ${v.sourceQueue ?? '?'}, ${v.code ?? 'no code'}: ${v.reason ?? 'no reason'}).`,
          );
          discarded.push(v);
          return Promise.resolve('remove');
        },
      )
      .catch(deadLettersUnreachable);
    return { discarded, complete: report.complete };
  }

  private async requeueOne(letter: DeadLetter): Promise<Decision> {
    const refusal = requeueRefusalOf(letter, this.transport.names, this.config.admission);
    if (refusal) return refusal;
    const { jobId, tenant } = letter.view;
    if (jobId && tenant && letter.view.type?.endsWith('.requested.v1')) {
      try {
        await this.retries.retry(tenant, jobId);
        return 'retried';
      } catch (error) {
        // Not FAILED (or unknown): the copy itself goes back below. 503: keep it for later.
        if (error instanceof ProblemError && error.status === 503)
          return { code: 'BROKER_UNAVAILABLE', reason: error.message };
      }
    }
    try {
      await this.browser.republish(letter, requeueActingUserOf(letter, this.config.admission));
      return 'republished';
    } catch (error) {
      this.logger.warn(`Cannot requeue ${letter.view.messageId ?? '?'}: ${String(error)}`);
      return { code: 'REQUEUE_FAILED', reason: `Cannot publish it: ${String(error)}` };
    }
  }
}

/** Which dead letters a requeue takes: all when both are undefined. */
export interface RequeueSelection {
  readonly messageId?: string | undefined;
  /** The commands of this job type. */
  readonly jobType?: string | undefined;
}

/** Which dead letters a discard removes: every selector given must match; `all` for none. */
export interface DiscardSelection extends RequeueSelection {
  /** Letters dead-lettered for this reason code (e.g. TENANT_FORBIDDEN). */
  readonly code?: string | undefined;
}

function selects({ messageId, jobType, code }: DiscardSelection, view: DeadLetterView): boolean {
  if (messageId !== undefined && view.messageId !== messageId) return false;
  if (code !== undefined && view.code !== code) return false;
  return jobType === undefined || parseCommandType(view.type ?? '')?.jobType === jobType;
}

/** The dead-letter queue cannot be read (no broker): 503, nothing was taken or lost. */
function deadLettersUnreachable(error: unknown): never {
  if (error instanceof ProblemError) throw error;
  throw brokerUnavailableProblem(
    `The dead-letter queue cannot be read right now (${String(error)}); nothing was changed, retry later.`,
  );
}
