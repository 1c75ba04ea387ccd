import type {
  BrokerConnection,
  BrokerModel,
  ConnectedListener,
  TopologySetup,
} from '../connection/broker-connection.port';
import { ConnectionWaiters } from '../connection/connection-waiters.util';
import { defaultLogger, describeError, type TransportLogger } from '../connection/transport.logger';
import { BrokerUnavailableError } from '../errors/broker-unavailable.error';
import type { InProcessBroker } from './in-process.broker';
import { InProcessModel } from './in-process.model';

/**
 * A service's connection to the in-process broker: the BrokerConnection the AMQP connection
 * is, minus the network. It opens once (there is nothing to reconnect to) and runs the same
 * topology setups, so a service declares the same exchanges and queues on either transport.
 */
export class InProcessConnection implements BrokerConnection {
  private model: InProcessModel | undefined;
  private opening: Promise<void> | undefined;
  private closed = false;
  private readonly setups: TopologySetup[] = [];
  private readonly listeners = new Set<ConnectedListener>();
  private readonly waiters = new ConnectionWaiters<BrokerModel>(() => this.model);
  private readonly logger: TransportLogger;

  constructor(
    private readonly broker: InProcessBroker,
    logger?: TransportLogger,
  ) {
    this.logger = logger ?? defaultLogger('InProcessConnection');
  }

  start(): void {
    if (this.closed) return;
    this.opening ??= this.open().catch((error: unknown) => {
      this.logger.error(`Cannot declare the in-process topology: ${describeError(error)}`);
    });
  }

  isConnected(): boolean {
    return this.model !== undefined;
  }

  current(): BrokerModel | undefined {
    return this.model;
  }

  addSetup(setup: TopologySetup): void {
    this.setups.push(setup);
  }

  onConnected(listener: ConnectedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The in-process broker has no resource alarms: it never blocks. */
  blockedReason(): undefined {
    return undefined;
  }

  onBlocked(): () => void {
    return () => undefined;
  }

  waitForConnection(timeoutMs: number): Promise<BrokerModel> {
    if (this.model) return Promise.resolve(this.model);
    if (this.closed) return Promise.reject(new BrokerUnavailableError('The connection is closed.'));
    const why = `The in-process broker was not ready within ${timeoutMs} ms.`;
    return this.waiters.wait(timeoutMs, why);
  }

  async close(): Promise<void> {
    this.closed = true;
    const model = this.model;
    this.model = undefined;
    this.waiters.wake();
    await model?.close();
  }

  private async open(): Promise<void> {
    const model = new InProcessModel(this.broker);
    const channel = await model.createChannel();
    for (const setup of this.setups) await setup(channel);
    await channel.close();
    if (this.closed) return void (await model.close());
    this.model = model;
    this.waiters.wake();
    for (const listener of this.listeners) listener(model);
  }
}
