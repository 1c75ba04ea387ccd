import { EventEmitter } from 'node:events';
import type { BrokerConfirmChannel, BrokerModel } from '../connection/broker-connection.port';
import type { InProcessBroker } from './in-process.broker';
import { InProcessBrokerError } from './in-process-broker.error';
import { InProcessChannel } from './in-process.channel';

/** One connection to the in-process broker: its channels, and its exclusive queues. */
export class InProcessModel extends EventEmitter implements BrokerModel {
  private readonly channels = new Set<InProcessChannel>();
  private open = true;

  constructor(private readonly broker: InProcessBroker) {
    super();
  }

  async createChannel(): Promise<BrokerConfirmChannel> {
    if (!this.open) throw new InProcessBrokerError(504, 'Connection closed');
    const channel = new InProcessChannel(this.broker, this, (c) => this.channels.delete(c));
    this.channels.add(channel);
    return channel;
  }

  createConfirmChannel(): Promise<BrokerConfirmChannel> {
    return this.createChannel();
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await Promise.all([...this.channels].map((channel) => channel.close()));
    this.broker.dropOwnedBy(this);
    this.emit('close');
  }
}
