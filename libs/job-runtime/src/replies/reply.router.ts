import {
  parseEventType,
  TERMINAL_EVENT_NAMES,
  type JobCommand,
  type JobEvent,
} from '@jobmill/contracts';
import {
  encodeEnvelope,
  toEventAmqpProperties,
  type ConfirmPublisher,
  type EventPublisher,
  type InboundProperties,
  type PublishProperties,
} from '@jobmill/transport';

/**
 * The status service's CloudEvents source. The outcomes it records (commands turned away for
 * load) it answers itself, at once: a worker that later republishes one does not reply again.
 */
export const STATUS_SOURCE = '/jobmill/status';

/** Where a caller wants a command's outcome: the reply_to and correlation_id of its message. */
export interface ReplyRoute {
  readonly replyTo: string;
  readonly correlationId?: string;
}

/** The reply route of a delivery, if its publisher asked for one. */
export function replyRouteOf(properties: InboundProperties): ReplyRoute | undefined {
  const { replyTo, correlationId } = properties;
  if (typeof replyTo !== 'string' || replyTo === '') return undefined;
  return typeof correlationId === 'string' && correlationId !== ''
    ? { replyTo, correlationId }
    : { replyTo };
}

const isTerminal = (event: JobEvent): boolean => {
  const name = parseEventType(event.type);
  return name !== undefined && TERMINAL_EVENT_NAMES.includes(name);
};

/**
 * Request/reply over AMQP: a command's terminal event (or its rejection) is also published to
 * the queue named by its reply_to (default exchange), with the caller's correlation_id.
 */
export class ReplyRouter {
  /** Reply routes of the commands being run, by command (message) id. */
  private readonly routes = new Map<string, ReplyRoute>();

  constructor(private readonly publisher: ConfirmPublisher) {}

  /** Runs `work` with the command's route remembered, so its terminal event is replied too. */
  async around<T>(
    commandId: string,
    route: ReplyRoute | undefined,
    work: () => Promise<T>,
  ): Promise<T> {
    // A copy of a command that is running here (a duplicate publish) leaves its route alone:
    // the copy settles first, and the running one still owes the caller its outcome.
    if (!route || this.routes.has(commandId)) return work();
    this.routes.set(commandId, route);
    try {
      return await work();
    } finally {
      this.routes.delete(commandId);
    }
  }

  /** The command's route, forgotten: its later events are not replied (it was answered already). */
  takeRoute(commandId: string): ReplyRoute | undefined {
    const route = this.routes.get(commandId);
    this.routes.delete(commandId);
    return route;
  }

  /**
   * Answers a command whose job was decided before it came (a redelivery, or a command reusing
   * the job id): its reply_to gets the job's one outcome. Skipped when `event` is this command's
   * own, which wrap() replied when it was published.
   */
  async answerDecided(commandId: string, event: JobEvent): Promise<void> {
    const route = this.takeRoute(commandId);
    if (route && event.causationid !== commandId) await this.send(route, event);
  }

  /** The properties that carry a route on to a command's next attempt (a copy, or caused by it). */
  propertiesFor(command: JobCommand): PublishProperties {
    const route =
      this.routes.get(command.id) ??
      (command.causationid ? this.routes.get(command.causationid) : undefined);
    if (!route) return {};
    return route.correlationId
      ? { replyTo: route.replyTo, correlationId: route.correlationId }
      : { replyTo: route.replyTo };
  }

  /** An event publisher that also replies with the terminal events of routed commands. */
  wrap(events: EventPublisher): EventPublisher {
    const replyTo = async (event: JobEvent): Promise<void> => {
      const route = event.causationid ? this.routes.get(event.causationid) : undefined;
      if (route && isTerminal(event) && event.source !== STATUS_SOURCE)
        await this.send(route, event);
    };
    return {
      publish: async (event) => {
        await events.publish(event);
        await replyTo(event);
      },
      publishMany: async (batch) => {
        await events.publishMany(batch);
        await Promise.all(batch.map(replyTo));
      },
    };
  }

  /** Publishes `event` to the route's queue; not mandatory: a caller that left loses only its reply. */
  async send(route: ReplyRoute, event: JobEvent): Promise<void> {
    await this.publisher.publish({
      exchange: '',
      routingKey: route.replyTo,
      content: encodeEnvelope(event),
      properties: {
        ...toEventAmqpProperties(event),
        correlationId: route.correlationId ?? event.correlationid,
      },
    });
  }
}
