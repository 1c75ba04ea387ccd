import {
  DETECTION_BINDINGS,
  isBatchContentType,
  JOB_PRIORITIES,
  laneBindings,
  parseJson,
  PROCESSING_BINDINGS,
  type JobEvent,
  type TopologyNames,
} from '@jobmill/contracts';
import {
  admitCommands,
  asActingUser,
  rejectedEventFor,
  replyRouteOf,
  type AdmissionPolicy,
  type ReplyRouter,
  STATUS_SOURCE,
} from '@jobmill/job-runtime';
import { topicMatches, type HandlerOutcome, type InboundMessage } from '@jobmill/transport';

const WORKER_BINDINGS: readonly string[] = JOB_PRIORITIES.flatMap((priority) =>
  [false, true].flatMap((backlog) =>
    laneBindings([...DETECTION_BINDINGS, ...PROCESSING_BINDINGS], priority, backlog),
  ),
);

/** Whether some worker queue binds this command routing key (else only the status queue gets it). */
export const boundByWorker = (routingKey: string): boolean =>
  WORKER_BINDINGS.some((pattern) => topicMatches(pattern, routingKey));

/**
 * Answers the refused commands that reached no worker (their routing key is bound by the status
 * queue's `#` only): nobody else would send their `job.rejected` to reply_to. A batch message is
 * answered as a worker answers one: a reply per refused member, each with its own code. Not
 * mandatory, like every reply: a caller that left loses only its answer.
 */
export class UnboundCommandReplier {
  constructor(
    private readonly replies: ReplyRouter,
    private readonly names: TopologyNames,
    private readonly policy?: AdmissionPolicy,
  ) {}

  async answer(message: InboundMessage, outcome: HandlerOutcome): Promise<void> {
    if (outcome.kind !== 'dead-letter' || outcome.code === 'REPLY_TO_FORBIDDEN') return;
    if (message.exchange !== this.names.commands || boundByWorker(message.routingKey)) return;
    const route = replyRouteOf(message.properties);
    if (!route) return;
    const failure = { code: outcome.code, reason: outcome.reason };
    const rejections = isBatchContentType(message.properties.contentType)
      ? this.memberRejections(message)
      : [this.rejection(parseJson(message.body), message, failure)];
    await Promise.all(
      rejections.flatMap((event) => (event ? [this.replies.send(route, event)] : [])),
    );
  }

  private rejection(
    json: ReturnType<typeof parseJson>,
    message: InboundMessage,
    failure: { readonly code: string; readonly reason: string },
  ): JobEvent<'rejected'> | undefined {
    const body = json.ok ? json.value : undefined;
    return rejectedEventFor(body, message.properties, failure, STATUS_SOURCE);
  }

  /**
   * The rejections of a batch's refused members (admitted again: the projection kept only a
   * summary), except those whose reply_to is refused. A batch refused as a whole names no job.
   */
  private memberRejections(message: InboundMessage): (JobEvent<'rejected'> | undefined)[] {
    const admitted = admitCommands(asActingUser(message, this.policy?.authorizer), this.policy);
    if (!admitted.ok) return [];
    return admitted.members.map((member) =>
      member.ok || member.noReply
        ? undefined
        : rejectedEventFor(member.body, message.properties, member, STATUS_SOURCE),
    );
  }
}
