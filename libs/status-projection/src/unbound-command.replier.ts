import {
  DETECTION_BINDINGS,
  parseJson,
  PROCESSING_BINDINGS,
  type TopologyNames,
} from '@jobmill/contracts';
import { rejectedEventFor, replyRouteOf, type ReplyRouter } from '@jobmill/job-runtime';
import { topicMatches, type HandlerOutcome, type InboundMessage } from '@jobmill/transport';

const WORKER_BINDINGS: readonly string[] = [...DETECTION_BINDINGS, ...PROCESSING_BINDINGS];
const STATUS_SOURCE = '/jobmill/status';

/** Whether some worker queue binds this command routing key (else only the status queue gets it). */
export const boundByWorker = (routingKey: string): boolean =>
  WORKER_BINDINGS.some((pattern) => topicMatches(pattern, routingKey));

/**
 * Answers the refused commands that reached no worker (their routing key is bound by the status
 * queue's `#` only): nobody else would send their `job.rejected` to reply_to. Not mandatory, like
 * every reply: a caller that left loses only its answer.
 */
export class UnboundCommandReplier {
  constructor(
    private readonly replies: ReplyRouter,
    private readonly names: TopologyNames,
  ) {}

  async answer(message: InboundMessage, outcome: HandlerOutcome): Promise<void> {
    if (outcome.kind !== 'dead-letter' || outcome.code === 'REPLY_TO_FORBIDDEN') return;
    if (message.exchange !== this.names.commands || boundByWorker(message.routingKey)) return;
    const route = replyRouteOf(message.properties);
    if (!route) return;
    const json = parseJson(message.body);
    const failure = { code: outcome.code, reason: outcome.reason };
    const body = json.ok ? json.value : undefined;
    const rejected = rejectedEventFor(body, message.properties, failure, STATUS_SOURCE);
    if (rejected) await this.replies.send(route, rejected);
  }
}
