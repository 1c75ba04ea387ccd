import { parseJson, validateEvent, type TopologyNames } from '@jobmill/contracts';
import { admitCommand, type AdmissionPolicy } from '@jobmill/job-runtime';
import type { HandlerOutcome, InboundMessage } from '@jobmill/transport';
import { Logger } from '@nestjs/common';
import {
  isDatabaseUnavailable,
  type JobProjector,
  type ProjectableMessage,
} from '@jobmill/persistence';

const ACK: HandlerOutcome = { kind: 'ack' };
const MAX_HOLD_DELAY_MS = 5_000;

/** A delivery the projector can take, or why not (the code goes into the dead-letter headers). */
export type Projectable =
  | { readonly ok: true; readonly value: ProjectableMessage }
  | { readonly ok: false; readonly code: string; readonly message: string };

/**
 * Turns one delivery into something the projector understands, or says why it cannot. With a
 * policy, a command must pass the workers' admission (size, content type, tenant of its
 * user_id) and an event must come from a platform user, so nobody records jobs for others.
 */
export function toProjectable(
  message: InboundMessage,
  names: TopologyNames,
  policy?: AdmissionPolicy,
): Projectable {
  if (message.exchange === names.commands) {
    const command = admitCommand(message, policy);
    return command.ok
      ? { ok: true, value: { kind: 'command', command: command.command, jobType: command.jobType } }
      : { ok: false, code: command.code, message: command.reason };
  }
  const authorizer = policy?.authorizer;
  if (authorizer && !authorizer.isTrusted(message.properties.userId))
    return {
      ok: false,
      code: 'UNTRUSTED_PUBLISHER',
      message: `Job events are accepted only from platform users, not '${message.properties.userId ?? '(no user_id)'}'.`,
    };
  const json = parseJson(message.body);
  if (!json.ok) return json;
  const event = validateEvent(json.value);
  return event.ok
    ? { ok: true, value: { kind: 'event', event: event.value.event, name: event.value.name } }
    : event;
}

/**
 * Projects a batch of deliveries (command copies and job events) into PostgreSQL in one
 * transaction; acks only after it committed. A message that breaks its contract is
 * dead-lettered with the reason. While the database is unreachable the batch is held, not
 * requeued (a requeue loop would spend the queue's delivery limit and dead-letter good events):
 * nothing is acked, the broker keeps the rest, and projection catches up when it is back.
 */
export class StatusProjectionHandler {
  private readonly logger = new Logger('StatusProjection');
  private readonly stopping = new AbortController();

  constructor(
    private readonly projector: JobProjector,
    private readonly names: TopologyNames,
    private readonly policy?: AdmissionPolicy,
    private readonly firstHoldDelayMs = 250,
  ) {}

  /** Gives up holding (shutdown): the held batch goes back to the queue. */
  stop(): void {
    this.stopping.abort();
  }

  async handle(messages: readonly InboundMessage[]): Promise<HandlerOutcome[]> {
    const batch: ProjectableMessage[] = [];
    const outcomes = messages.map((message): HandlerOutcome => {
      const result = toProjectable(message, this.names, this.policy);
      if (!result.ok) return { kind: 'dead-letter', code: result.code, reason: result.message };
      batch.push(result.value);
      return ACK;
    });
    if (batch.length > 0) await this.projectHolding(batch);
    return outcomes;
  }

  private async projectHolding(batch: readonly ProjectableMessage[]): Promise<void> {
    for (let delay = this.firstHoldDelayMs; ; delay = Math.min(delay * 2, MAX_HOLD_DELAY_MS)) {
      try {
        await this.projector.project(batch);
        if (delay > this.firstHoldDelayMs) this.logger.log('PostgreSQL is back; projecting again.');
        return;
      } catch (error) {
        if (!isDatabaseUnavailable(error) || this.stopping.signal.aborted) throw error;
        if (delay === this.firstHoldDelayMs)
          this.logger.warn(`PostgreSQL unavailable (${String(error)}); holding the batch.`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
