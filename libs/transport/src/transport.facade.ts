import { topologyNames, type TopologyNames } from '@jobmill/contracts';
import { AmqpConnection } from './connection/amqp.connection';
import type { BrokerConnection } from './connection/broker-connection.port';
import type { TransportLogger } from './connection/transport.logger';
import type { ReconnectBackoff } from './connection/reconnect-backoff.policy';
import { DEFAULT_SHUTDOWN_GRACE_MS, MessageConsumer } from './consuming/message.consumer';
import { AmqpCommandExecutor } from './publishing/amqp-command.executor';
import { AmqpEventPublisher } from './publishing/amqp-event.publisher';
import { amqpUserOf } from './publishing/amqp-user.util';
import {
  ConfirmPublisher,
  DEFAULT_PUBLISH_TIMEOUT_MS,
  type WhileBlocked,
} from './publishing/confirm.publisher';
import type { InProcessBroker } from './in-process/in-process.broker';
import { InProcessConnection } from './in-process/in-process.connection';
import { QueueDepthProbe } from './admin/queue-depth.probe';
import type { TransportObserver } from './observing/transport-observer.port';
import { migrateLegacyDeadLetters } from './topology/legacy-dead-letter.migration';
import {
  declareTopology,
  priorityLanesOf,
  topologyForRole,
  type TopologyRole,
} from './topology/topology.setup';

/** Configuration of a service's transport. */
export interface TransportOptions {
  /** The AMQP URL; its user is still stamped as user_id when `broker` is set. */
  readonly url: string;
  /**
   * Embedded mode: use this in-process broker instead of connecting to `url`. Every service
   * of the process shares one broker; the code above the channel is the same on both.
   */
  readonly broker?: InProcessBroker;
  /** TOPOLOGY_PREFIX: every exchange and queue name starts with it. */
  readonly prefix: string;
  /** Shown in the management UI: the service name. */
  readonly connectionName: string;
  /** Decides what is declared at start-up (api: exchanges; workers and status: + their queue). */
  readonly role: TopologyRole;
  /** Default 5,000. */
  readonly publishTimeoutMs?: number;
  /** What publishes do while the broker blocks publishing (see WhileBlocked). Default `wait`. */
  readonly whileBlocked?: WhileBlocked;
  /** Default 30. */
  readonly heartbeatSeconds?: number;
  /** x-delivery-limit of the declared quorum queues. Default 5. */
  readonly deliveryLimit?: number;
  /** How long `stop` waits for in-flight handlers. Default 10,000. */
  readonly shutdownGraceMs?: number;
  readonly reconnect?: ReconnectBackoff;
  readonly logger?: TransportLogger;
  /** Told about every publish, confirm and delivery (the service's metrics). Default: nobody. */
  readonly observer?: TransportObserver;
}

/**
 * Everything AMQP of one service, built from one options object; usable with or without Nest.
 * The job runtime builds its runners on it (JobCommandRunnerFactory).
 */
export class Transport {
  readonly names: TopologyNames;
  readonly connection: BrokerConnection;
  readonly publisher: ConfirmPublisher;
  readonly executor: AmqpCommandExecutor;
  readonly events: AmqpEventPublisher;
  readonly consumer: MessageConsumer;
  /** Depths of the platform's queues (work queues, status, dead-letter), for metrics. */
  readonly queueDepths: QueueDepthProbe;

  constructor(readonly options: TransportOptions) {
    const { logger, observer } = options;
    this.names = topologyNames(options.prefix);
    this.connection = connectionFor(options);
    const topology = { ...topologyForRole(options.role), deliveryLimit: options.deliveryLimit };
    this.connection.addSetup((channel) => declareTopology(channel, this.names, topology));
    // Whoever declares the dead-letter queue also empties the one of earlier releases into it.
    if ((topology.queues ?? []).length > 0)
      this.connection.onConnected(
        (model) => void migrateLegacyDeadLetters(model, this.names, logger).catch(() => 0),
      );
    this.publisher = new ConfirmPublisher(
      this.connection,
      options.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS,
      logger,
      // Stamped as user_id on every publish: RabbitMQ vouches for it, consumers authorize by it.
      amqpUserOf(options.url),
      observer,
      options.whileBlocked,
    );
    this.executor = new AmqpCommandExecutor(this.publisher, this.names);
    this.events = new AmqpEventPublisher(this.publisher, this.names);
    const grace = options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
    this.consumer = new MessageConsumer(
      this.connection,
      this.publisher,
      this.names,
      grace,
      logger,
      observer,
    );
    const { detectionQueue, processingQueue, statusQueue, deadLetterQueue } = this.names;
    // Every lane of the worker queues, so a backlog of low jobs is seen apart from normal ones.
    const lanes = [detectionQueue, processingQueue].flatMap((q) =>
      priorityLanesOf(q).map((lane) => lane.queue),
    );
    this.queueDepths = new QueueDepthProbe(this.connection, [
      ...lanes,
      statusQueue,
      deadLetterQueue,
    ]);
  }

  /** Starts connecting in the background; the topology is declared on every connection. */
  start(): void {
    this.connection.start();
  }

  /** Waits for the first connection (e.g. in tests or a CLI); BROKER_UNAVAILABLE after the timeout. */
  async waitUntilConnected(timeoutMs: number): Promise<void> {
    await this.connection.waitForConnection(timeoutMs);
  }

  /** True while connected with the topology declared (readiness). */
  isConnected(): boolean {
    return this.connection.isConnected();
  }

  /** Why the broker blocks this service's publishing (a memory or disk alarm), or undefined. */
  publishingBlocked(): string | undefined {
    return this.connection.blockedReason();
  }

  /** Orderly shutdown: stop consumers (drain up to the grace period), then close the connection. */
  async close(graceMs?: number): Promise<void> {
    await this.consumer.stopAll(graceMs);
    await this.connection.close();
  }
}

function connectionFor(options: TransportOptions): BrokerConnection {
  const { broker, logger } = options;
  if (broker) return new InProcessConnection(broker, logger);
  return new AmqpConnection({
    url: options.url,
    connectionName: options.connectionName,
    ...(options.heartbeatSeconds === undefined
      ? {}
      : { heartbeatSeconds: options.heartbeatSeconds }),
    ...(options.reconnect ? { reconnect: options.reconnect } : {}),
    ...(logger ? { logger } : {}),
  });
}
