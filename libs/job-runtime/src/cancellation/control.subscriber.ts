import {
  describeError,
  type BrokerChannel as Channel,
  type BrokerConnection,
  type BrokerModel as ChannelModel,
  type TransportLogger,
} from '@jobmill/transport';
import { parseCancelRequest, type CancelRequest } from './cancel-request.message';

/**
 * Hears the control broadcast on this instance: an exclusive, auto-delete, server-named queue
 * bound to the fanout control exchange (re-made on every connection), consumed without acks:
 * a missed broadcast is covered by the durable cancellation record.
 */
export class ControlSubscriber {
  private channel: Channel | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly connection: BrokerConnection,
    private readonly exchange: string,
    private readonly onCancel: (request: CancelRequest) => void,
    private readonly logger: TransportLogger,
  ) {}

  /** Subscribes now if connected, and again after every reconnect. */
  start(): void {
    this.unsubscribe = this.connection.onConnected((model) => void this.subscribe(model));
    const model = this.connection.current();
    if (model) void this.subscribe(model);
  }

  /** Closes the channel; the broker deletes the exclusive queue. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    const channel = this.channel;
    this.channel = undefined;
    await channel?.close().catch(() => undefined);
  }

  private async subscribe(model: ChannelModel): Promise<void> {
    if (this.stopped) return;
    try {
      const channel = await model.createChannel();
      channel.on('error', (error: Error) => this.logger.warn(`Control channel: ${error.message}`));
      const { queue } = await channel.assertQueue('', {
        exclusive: true,
        autoDelete: true,
        durable: false,
      });
      await channel.bindQueue(queue, this.exchange, '');
      await channel.consume(
        queue,
        (message) => {
          const request = message ? parseCancelRequest(message.content) : undefined;
          if (request) this.onCancel(request);
        },
        { noAck: true },
      );
      this.channel = channel;
      if (this.stopped) await channel.close().catch(() => undefined);
    } catch (error) {
      this.logger.warn(`Cannot hear the control exchange: ${describeError(error)}`);
    }
  }
}
