import { AMQP_HEADERS, topologyNames } from '@jobmill/contracts';
import { DeadLetterBrowser, legacyDeadLetterQueueOf, Transport } from '@jobmill/transport';
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { startPrivateRabbitMq, type PrivateRabbitMq } from './support/private-rabbitmq';
import { waitFor } from './support/wait-for';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
/** Far below RabbitMQ 4.x's default of 20, so a queue that counts browsing would lose letters. */
const DELIVERY_LIMIT = 2;
const letter = (i: number) => ({
  messageId: `letter-${i}`,
  persistent: true,
  headers: {
    [AMQP_HEADERS.deadLetterCode]: 'MALFORMED_WAV',
    [AMQP_HEADERS.deadLetterQueue]: 'jobs.detection',
  },
});

/** Looks at every message of a queue the way the old browser did: get, then close the channel. */
async function peekByClosing(model: ChannelModel, queue: string): Promise<number> {
  const channel = await model.createChannel();
  let seen = 0;
  while (await channel.get(queue, { noAck: false })) seen += 1;
  await channel.close();
  return seen;
}

const depthOf = async (channel: Channel, queue: string) =>
  (await channel.checkQueue(queue)).messageCount;

// On a node of its own whose policy sets a delivery limit on every queue: the quorum queue of
// earlier releases loses letters by being looked at; the kept queue loses none in 50 peeks, and
// the letters of the old queue are moved into it when a service connects.
describe('dead letters under a delivery-limit policy (private node)', () => {
  let node: PrivateRabbitMq;
  let model: ChannelModel;
  let channel: Channel;
  let transport: Transport | undefined;

  beforeAll(async () => {
    node = await startPrivateRabbitMq();
    const policy = JSON.stringify({ 'delivery-limit': DELIVERY_LIMIT });
    await node.ctl('set_policy', '--apply-to', 'queues', 'limit-all', '.*', policy);
    model = await amqp.connect(node.url);
    channel = await model.createConfirmChannel();
  }, 120_000);

  afterAll(async () => {
    await transport?.close(500);
    await model?.close().catch(() => undefined);
    await node?.remove();
  }, 60_000);

  it('a quorum queue drops a letter looked at more often than its delivery limit', async () => {
    const queue = 'control.quorum';
    await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    for (let i = 0; i < 5; i += 1) channel.sendToQueue(queue, Buffer.from('{}'), letter(i));
    await waitFor('5 letters', async () =>
      (await depthOf(channel, queue)) === 5 ? true : undefined,
    );
    for (let peek = 0; peek < DELIVERY_LIMIT + 2; peek += 1) await peekByClosing(model, queue);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The policy bites on this broker: the design the kept queue replaces loses letters here.
    expect(await depthOf(channel, queue)).toBeLessThan(5);
  });

  it('moves the old letters, then keeps every letter through 50 peeks; a take gets them all', async () => {
    const names = topologyNames('dl-retention.');
    const legacy = legacyDeadLetterQueueOf(names);
    // As an earlier release left it: the quorum dead-letter queue, bound, holding 10 letters.
    await channel.assertExchange(names.deadLetter, 'topic', { durable: true });
    await channel.assertQueue(legacy, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await channel.bindQueue(legacy, names.deadLetter, '#');
    for (let i = 0; i < 10; i += 1) channel.sendToQueue(legacy, Buffer.from('{}'), letter(i));
    await waitFor('the old letters', async () =>
      (await depthOf(channel, legacy)) === 10 ? true : undefined,
    );

    transport = new Transport({
      url: node.url,
      prefix: 'dl-retention.',
      connectionName: 'dead-letter-retention-test',
      role: 'api',
      logger: quiet,
    });
    transport.start();
    await transport.waitUntilConnected(10_000);
    const kept = names.deadLetterQueue;
    await waitFor('the move', async () =>
      (await depthOf(channel, kept)) === 10 ? true : undefined,
    );
    // New letters reach the kept queue through the dead-letter exchange.
    for (let i = 10; i < 30; i += 1)
      channel.publish(names.deadLetter, 'jobs.detection', Buffer.from('{}'), letter(i));
    await waitFor('30 letters', async () =>
      (await depthOf(channel, kept)) === 30 ? true : undefined,
    );
    // Once empty, the old queue is deleted: the dead-letter exchange feeds the kept queue alone.
    await waitFor('the old queue deleted', async () => {
      const check = await model.createChannel();
      check.on('error', () => undefined);
      return check.checkQueue(legacy).then(
        () => void check.close(),
        (error: Error) => (/NOT_FOUND/.test(error.message) ? true : undefined),
      );
    });

    const browser = new DeadLetterBrowser(transport.connection, transport.publisher, names);
    const all = Array.from({ length: 30 }, (_, i) => `letter-${i}`).sort();
    const ids = async (): Promise<Array<string | null>> =>
      (await browser.peek(100)).map((v) => v.messageId).sort();
    for (let peek = 0; peek < 50; peek += 1) expect(await ids()).toEqual(all);
    const taken: Array<string | null> = [];
    const report = await browser.take(
      () => true,
      async ({ view }) => {
        taken.push(view.messageId);
        return 'remove';
      },
    );
    expect(taken.sort()).toEqual(all);
    expect(report).toEqual({ scanned: 30, complete: true });
    expect(await depthOf(channel, kept)).toBe(0);
    console.log('[dead-letter-retention] 50 peeks of 30 letters under delivery-limit 2: 0 lost');
  });
});
