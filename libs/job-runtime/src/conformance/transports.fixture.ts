import {
  InProcessBroker,
  Transport,
  type BrokerChannel,
  type BrokerModel,
  type TopologyRole,
  type TransportLogger,
} from '@jobmill/transport';
import {
  InProcessModel,
  openTestConnection,
  recordingLogger,
  TEST_AMQP_URL,
  TestBroker,
} from '@jobmill/transport/testing';

/** The transports every conformance spec runs on. */
export type TransportName = 'rabbitmq' | 'in-process';

/** What a conformance spec may vary about a service. */
export interface ServiceOptions {
  readonly role: TopologyRole;
  readonly connectionName?: string;
  readonly deliveryLimit?: number;
  readonly shutdownGraceMs?: number;
  readonly logger?: TransportLogger;
}

/**
 * One isolated broker world for a spec: a name prefix (RabbitMQ) or a broker of its own
 * (in process), a plain connection for set-up and assertions, and the services started on it.
 */
export class TransportWorld {
  private readonly services = new Set<Transport>();
  private readonly connections = new Set<BrokerModel>();

  constructor(
    readonly transport: TransportName,
    /** Set-up and assertions, beside the services (another client of the same broker). */
    readonly broker: TestBroker<BrokerChannel>,
    private readonly inProcess?: InProcessBroker,
  ) {}

  get names(): TestBroker['names'] {
    return this.broker.names;
  }

  /** A started, connected service (its own connection); `close` closes it if the test did not. */
  async service(options: ServiceOptions): Promise<Transport> {
    const transport = new Transport({
      url: TEST_AMQP_URL,
      prefix: this.broker.prefix,
      connectionName: options.connectionName ?? `conformance-${options.role}`,
      role: options.role,
      logger: options.logger ?? recordingLogger(),
      ...(this.inProcess ? { broker: this.inProcess } : {}),
      ...(options.deliveryLimit === undefined ? {} : { deliveryLimit: options.deliveryLimit }),
      ...(options.shutdownGraceMs === undefined
        ? {}
        : { shutdownGraceMs: options.shutdownGraceMs }),
    });
    this.services.add(transport);
    transport.start();
    await transport.waitUntilConnected(5_000);
    return transport;
  }

  /** Another plain connection to the same broker (a client of its own); closed by `close`. */
  async connect(): Promise<BrokerModel> {
    const model = this.inProcess ? new InProcessModel(this.inProcess) : await openTestConnection();
    this.connections.add(model);
    return model;
  }

  /** Closes the services (short grace) and deletes everything the world made. */
  async close(): Promise<void> {
    await Promise.all([...this.services].map((s) => s.close(500)));
    this.services.clear();
    await Promise.all([...this.connections].map((c) => c.close().catch(() => undefined)));
    this.connections.clear();
    await this.broker.cleanUp();
  }
}

/** How to open a world on one transport. */
export interface TransportUnderTest {
  readonly name: TransportName;
  open(): Promise<TransportWorld>;
}

const rabbitmq: TransportUnderTest = {
  name: 'rabbitmq',
  open: async () => new TransportWorld('rabbitmq', await TestBroker.open()),
};

const inProcess: TransportUnderTest = {
  name: 'in-process',
  open: async () => {
    const broker = new InProcessBroker();
    const setup = await TestBroker.over(new InProcessModel(broker), () => broker.close());
    return new TransportWorld('in-process', setup, broker);
  },
};

/**
 * The transports to run on: both, unless CONFORMANCE_TRANSPORTS names some (comma-separated),
 * e.g. `CONFORMANCE_TRANSPORTS=in-process` to work on the embedded broker alone.
 */
export const TRANSPORTS: readonly TransportUnderTest[] = ((): TransportUnderTest[] => {
  const all = [rabbitmq, inProcess];
  const wanted = process.env['CONFORMANCE_TRANSPORTS']?.split(',').map((s) => s.trim());
  return wanted ? all.filter((t) => wanted.includes(t.name)) : all;
})();
