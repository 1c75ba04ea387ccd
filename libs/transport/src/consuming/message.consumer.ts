import type { TopologyNames } from '@jobmill/contracts';
import type { BrokerConnection } from '../connection/broker-connection.port';
import { defaultLogger, type TransportLogger } from '../connection/transport.logger';
import type { ConfirmPublisher } from '../publishing/confirm.publisher';
import {
  NO_TRANSPORT_OBSERVER,
  type TransportObserver,
} from '../observing/transport-observer.port';
import { BatchBuffer } from './batch.buffer';
import { ConsumerHost } from './consumer.host';
import type { BatchConsumeOptions, ConsumeOptions, Subscription } from './consumer.types';
import { toInboundMessage } from './inbound-message.mapper';
import { runHandler } from './run-handler.util';
import { Settler } from './outcome.settler';

export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/** Starts consumers (manual ack, explicit prefetch) and stops them all in an orderly way. */
export class MessageConsumer {
  private readonly subscriptions = new Set<ConsumerHost>();
  private readonly logger: TransportLogger;

  constructor(
    private readonly connection: BrokerConnection,
    private readonly publisher: ConfirmPublisher,
    private readonly names: TopologyNames,
    private readonly graceMs = DEFAULT_SHUTDOWN_GRACE_MS,
    logger?: TransportLogger,
    private readonly observer: TransportObserver = NO_TRANSPORT_OBSERVER,
  ) {
    this.logger = logger ?? defaultLogger('MessageConsumer');
  }

  /** Consumes one message at a time per delivery; acks after the handler's promise resolved. */
  consume(options: ConsumeOptions): Subscription {
    checkPrefetch(options.prefetch);
    const settler = this.settlerFor(options.queue);
    return this.host(options.queue, options.prefetch, options.onGraceExpired, (acks) => ({
      deliver: async (message) => {
        const outcome = await runHandler(
          () => options.handler(toInboundMessage(message)),
          (reason) => ({ kind: 'requeue', reason }),
          this.logger,
        );
        await settler.settle(acks, message, outcome);
      },
    }));
  }

  /** Consumes in batches; an all-ack batch is acknowledged with one multiple ack. */
  consumeBatch(options: BatchConsumeOptions): Subscription {
    checkPrefetch(options.prefetch);
    if (!(options.maxBatch >= 1)) throw new RangeError('maxBatch must be at least 1');
    const settler = this.settlerFor(options.queue);
    return this.host(
      options.queue,
      options.prefetch,
      options.onGraceExpired,
      (acks) => new BatchBuffer(acks, options, settler, this.logger),
    );
  }

  /** Stops every consumer started here (cancel, drain up to the grace period, close). */
  async stopAll(graceMs = this.graceMs): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop(graceMs)));
  }

  private host(
    queue: string,
    prefetch: number,
    onGraceExpired: (() => void) | undefined,
    sinkFor: ConstructorParameters<typeof ConsumerHost>[1]['sinkFor'],
  ): Subscription {
    const host = new ConsumerHost(
      this.connection,
      {
        queue,
        prefetch,
        defaultGraceMs: this.graceMs,
        sinkFor,
        observer: this.observer,
        ...(onGraceExpired ? { onGraceExpired } : {}),
      },
      this.logger,
    );
    this.subscriptions.add(host);
    host.start();
    return {
      stop: async (graceMs?: number) => {
        await host.stop(graceMs);
        this.subscriptions.delete(host);
      },
      pause: () => host.pause(),
      resume: () => host.resume(),
    };
  }

  private settlerFor(queue: string): Settler {
    return new Settler(this.publisher, this.names.deadLetter, queue, this.logger);
  }
}

function checkPrefetch(prefetch: number): void {
  if (!Number.isInteger(prefetch) || prefetch < 1)
    throw new RangeError(`prefetch must be a positive integer, got ${prefetch}`);
}
