import { eventFor, type JobCommand, type JobType, type RunRefusal } from '@jobmill/contracts';
import type { EventPublisher, HandlerOutcome, InboundMessage } from '@jobmill/transport';
import type { AdmissionPolicy, CommandRefusal } from '../admission/command-admission.policy';
import { refusalFailedEvent } from '../admission/poison-event.factory';
import { rejectedEventFor } from '../admission/rejection-reply.factory';
import type { RunGuard } from '../leases/run.guard';
import { replyRouteOf, type ReplyRouter } from '../replies/reply.router';

/** What settling a refused command needs from the runner. */
export interface RefusalDeps {
  readonly replies: ReplyRouter;
  readonly guard: RunGuard;
  readonly events: EventPublisher;
  readonly source: string;
  readonly admission: AdmissionPolicy | undefined;
}

/**
 * A delivery refused at admission: a job.rejected reply if asked for (and reply_to is not the
 * refused part), job.failed if the publisher may act for the tenant, then the DLQ.
 */
export async function settleAdmissionRefusal(
  message: InboundMessage,
  refusal: CommandRefusal,
  deps: RefusalDeps,
): Promise<HandlerOutcome> {
  const route = refusal.noReply ? undefined : replyRouteOf(message.properties);
  const { body, code, reason } = refusal;
  const rejected = route && rejectedEventFor(body, message.properties, refusal, deps.source);
  if (route && rejected) await deps.replies.send(route, rejected);
  // Never in the name of a tenant the publisher may not act for (refusalFailedEvent checks).
  const failed = refusalFailedEvent(message, refusal, deps.admission, deps.source);
  if (failed) await deps.events.publish(failed);
  return { kind: 'dead-letter', code, reason };
}

/**
 * Settles a command the inbox refused (an upload that is not its tenant's, another tenant's job
 * id) the way admission settles a refusal: `job.rejected` to its reply_to, `job.failed` recorded
 * when the job is the publisher's own, and the dead-letter queue with the code.
 */
export async function settleClaimRefusal(
  refusal: RunRefusal,
  command: JobCommand,
  jobType: JobType,
  deps: RefusalDeps,
): Promise<HandlerOutcome> {
  const { code, reason } = refusal;
  const error = { code, message: reason, kind: 'poison', retryable: false } as const;
  // Taken first, so the job.failed below does not reach reply_to as a second answer.
  const route = deps.replies.takeRoute(command.id);
  if (route)
    await deps.replies.send(route, eventFor(command, 'rejected', { jobType, error }, deps.source));
  if (refusal.ownJob)
    await deps.guard.finish('failed', eventFor(command, 'failed', { jobType, error }, deps.source));
  return { kind: 'dead-letter', code, reason };
}
