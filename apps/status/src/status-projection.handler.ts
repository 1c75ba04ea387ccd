import {
  parseJson,
  validateCommand,
  validateEvent,
  type TopologyNames,
  type Validation,
} from '@jobmill/contracts';
import type { HandlerOutcome, InboundMessage } from '@jobmill/messaging';
import type { JobProjector, ProjectableMessage } from '@jobmill/persistence';

const ACK: HandlerOutcome = { kind: 'ack' };

/** Turns one delivery into something the projector understands, or says why it cannot. */
export function toProjectable(
  message: InboundMessage,
  names: TopologyNames,
): Validation<ProjectableMessage> {
  const json = parseJson(message.body);
  if (!json.ok) return json;
  if (message.exchange === names.commands) {
    const command = validateCommand(json.value);
    return command.ok
      ? {
          ok: true,
          value: {
            kind: 'command',
            command: command.value.command,
            jobType: command.value.jobType,
          },
        }
      : command;
  }
  const event = validateEvent(json.value);
  return event.ok
    ? { ok: true, value: { kind: 'event', event: event.value.event, name: event.value.name } }
    : event;
}

/**
 * Projects a batch of deliveries (command copies and job events) into PostgreSQL in one
 * transaction; acks only after it committed. A message that breaks its contract is
 * dead-lettered with the reason; if the database fails, the whole batch is redelivered.
 */
export class StatusProjectionHandler {
  constructor(
    private readonly projector: JobProjector,
    private readonly names: TopologyNames,
  ) {}

  async handle(messages: readonly InboundMessage[]): Promise<HandlerOutcome[]> {
    const batch: ProjectableMessage[] = [];
    const outcomes = messages.map((message): HandlerOutcome => {
      const result = toProjectable(message, this.names);
      if (!result.ok) return { kind: 'dead-letter', code: result.code, reason: result.message };
      batch.push(result.value);
      return ACK;
    });
    if (batch.length > 0) await this.projector.project(batch);
    return outcomes;
  }
}
