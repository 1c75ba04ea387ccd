import { randomUUID } from 'node:crypto';
import {
  connect,
  type Channel,
  type ChannelModel,
  type ConsumeMessage,
  type GetMessage,
  type Options,
} from 'amqplib';
import { topologyNames, type TopologyNames } from '@jobmill/contracts';
import type { BrokerChannel, BrokerModel } from '../connection/broker-connection.port';
import type { TransportLogger } from '../connection/transport.logger';
import { DELAY_STAGES, delayQueueName } from '../topology/delay-stages.setup';
import { legacyDeadLetterQueueOf } from '../topology/legacy-dead-letter.migration';
import { priorityLanesOf } from '../topology/topology.setup';

/** The broker the integration tests and the benchmark use. */
export const TEST_AMQP_URL = process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';

/** A message a probe queue received (amqplib's delivery type). */
export type ProbedMessage = ConsumeMessage;

/** A plain connection to the RabbitMQ at TEST_AMQP_URL, as another client of it would open. */
export const openTestConnection = (): Promise<BrokerModel> => connect(TEST_AMQP_URL);

/** A unique name prefix per test run, so runs never see each other's messages. */
export const uniquePrefix = (): string => `t-${randomUUID().slice(0, 8)}.`;

/** Resolves when `check` holds, polling; rejects with `what` after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Deletes what a TestBroker made and closes its connection. */
type Disposer = (broker: TestBroker<BrokerChannel>) => Promise<void>;

/**
 * A plain connection for test set-up and assertions, and the clean-up of a prefix: RabbitMQ
 * through amqplib (`open`), or any other BrokerModel, such as the in-process broker's (`over`).
 */
export class TestBroker<C extends BrokerChannel = Channel> {
  readonly names: TopologyNames;
  private readonly extraQueues = new Set<string>();
  private readonly extraExchanges = new Set<string>();

  private constructor(
    readonly prefix: string,
    readonly model: BrokerModel,
    readonly channel: C,
    private readonly dispose: Disposer,
  ) {
    this.names = topologyNames(prefix);
  }

  /** On the RabbitMQ at TEST_AMQP_URL; `cleanUp` deletes every queue and exchange of the prefix. */
  static async open(prefix = uniquePrefix()): Promise<TestBroker> {
    const model = await connect(TEST_AMQP_URL);
    const channel = await model.createChannel();
    return new TestBroker(prefix, model, channel, (broker) => deleteAll(model, broker));
  }

  /** On any broker; `cleanUp` closes the connection and then calls `dispose`. */
  static async over(
    model: BrokerModel,
    dispose: () => Promise<void> | void,
    prefix = uniquePrefix(),
  ): Promise<TestBroker<BrokerChannel>> {
    const channel = await model.createChannel();
    return new TestBroker(prefix, model, channel, async () => {
      await model.close();
      await dispose();
    });
  }

  /** A durable queue deleted by `cleanUp` (exclusive queues would die with a channel error). */
  async queue(suffix: string, args: Record<string, unknown> = {}): Promise<string> {
    const name = `${this.prefix}${suffix}`;
    await this.channel.assertQueue(name, { durable: true, arguments: args });
    this.extraQueues.add(name);
    return name;
  }

  /** A durable exchange deleted by `cleanUp`. */
  async exchange(suffix: string, type: 'topic' | 'fanout' | 'direct'): Promise<string> {
    const name = `${this.prefix}${suffix}`;
    await this.channel.assertExchange(name, type, { durable: true });
    this.extraExchanges.add(name);
    return name;
  }

  /** The queues made with `queue` and `probe`. */
  get madeQueues(): readonly string[] {
    return [...this.extraQueues];
  }

  /** The exchanges made with `exchange`. */
  get madeExchanges(): readonly string[] {
    return [...this.extraExchanges];
  }

  /** A queue bound to `exchange` whose messages are collected into the returned array. */
  async probe(exchange: string, pattern = '#'): Promise<ProbedMessage[]> {
    const name = await this.queue(`probe-${randomUUID().slice(0, 6)}`, {
      'x-queue-type': 'quorum',
    });
    await this.channel.bindQueue(name, exchange, pattern);
    const received: ProbedMessage[] = [];
    await this.channel.consume(name, (m) => void (m && received.push(m)), { noAck: true });
    return received;
  }

  /** Publishes straight to a queue through the default exchange, as any other client would. */
  send(queue: string, content: Buffer | string, options: Options.Publish = {}): void {
    this.channel.publish('', queue, Buffer.from(content), { persistent: true, ...options });
  }

  /** Waits for a message on a queue (basic.get polling). */
  async getOne(queue: string, timeoutMs = 5_000): Promise<GetMessage> {
    let got: GetMessage | false = false;
    await waitFor(
      async () => (got = await this.channel.get(queue, { noAck: true })) !== false,
      `a message on ${queue}`,
      timeoutMs,
    );
    return got as unknown as GetMessage;
  }

  /** Ready messages of a queue. */
  async depth(queue: string): Promise<number> {
    return (await this.channel.checkQueue(queue)).messageCount;
  }

  /** Deletes every queue and exchange of the prefix, then closes. */
  async cleanUp(): Promise<void> {
    await this.dispose(this);
  }
}

/** Every queue and exchange a test run may have declared under its prefix, on RabbitMQ. */
async function deleteAll(model: ChannelModel, broker: TestBroker<BrokerChannel>): Promise<void> {
  const ch = await model.createChannel();
  ch.on('error', () => undefined);
  const n = broker.names;
  const queues = [
    n.deadLetterQueue,
    legacyDeadLetterQueueOf(n),
    n.detectionQueue,
    n.processingQueue,
    n.statusQueue,
    ...broker.madeQueues,
  ];
  const lanes = [n.detectionQueue, n.processingQueue].flatMap((q) =>
    priorityLanesOf(q).map((lane) => lane.queue),
  );
  for (const q of lanes) {
    if (!queues.includes(q)) queues.push(q);
    for (const stage of DELAY_STAGES) queues.push(delayQueueName(q, stage));
  }
  for (const q of queues) await ch.deleteQueue(q);
  const exchanges = [n.commands, n.events, n.control, n.deadLetter, ...broker.madeExchanges];
  for (const e of exchanges) await ch.deleteExchange(e);
  await model.close();
}

/** A logger that keeps test output readable; warnings and errors are kept for assertions. */
export const recordingLogger = (): TransportLogger & { readonly lines: string[] } => {
  const lines: string[] = [];
  return {
    lines,
    log: () => undefined,
    warn: (message) => void lines.push(`WARN ${message}`),
    error: (message) => void lines.push(`ERROR ${message}`),
  };
};
