import { AMQP_HEADERS } from '@jobmill/contracts';
import {
  DeadLetterBrowser,
  legacyDeadLetterQueueOf,
  migrateLegacyDeadLetters,
  type DeadLetter,
  type Transport,
} from '@jobmill/transport';
import { waitFor } from '@jobmill/transport/testing';
import { TRANSPORTS, type TransportWorld } from './transports.fixture';

const LETTERS = 30;

/** Dead letters as a worker would leave them: why-headers, the source queue, an id. */
const letterHeaders = (queue: string) => ({
  [AMQP_HEADERS.deadLetterCode]: 'MALFORMED_WAV',
  [AMQP_HEADERS.deadLetterReason]: 'not a wav',
  [AMQP_HEADERS.deadLetterQueue]: queue,
  [AMQP_HEADERS.deadLetterAttempts]: 1,
});

// The dead-letter queue keeps letters until someone acts on them, however often they are looked
// at, and a requeue looks at each letter at most once per call.
describe.each(TRANSPORTS)('browsing dead letters on $name', (transport) => {
  let world: TransportWorld;
  let api: Transport;
  let browser: DeadLetterBrowser;

  const send = (from: number, count: number, prefix = 'letter') => {
    for (let i = from; i < from + count; i += 1)
      world.broker.send(world.names.deadLetterQueue, `{"i":${i}}`, {
        messageId: `${prefix}-${i}`,
        headers: letterHeaders(world.names.detectionQueue),
      });
  };
  const depth = () => world.broker.depth(world.names.deadLetterQueue);

  beforeEach(async () => {
    world = await transport.open();
    api = await world.service({ role: 'api' });
    browser = new DeadLetterBrowser(api.connection, api.publisher, api.names);
  });

  afterEach(() => world.close());

  it('keeps every letter through 50 peeks, and a take right after a peek gets them all', async () => {
    send(0, LETTERS);
    await waitFor(async () => (await depth()) === LETTERS, 'the letters');
    for (let peek = 0; peek < 50; peek += 1) {
      const ids = (await browser.peek(1_000)).map((v) => v.messageId);
      expect(ids).toEqual(Array.from({ length: LETTERS }, (_, i) => `letter-${i}`));
    }
    const taken: Array<string | null> = [];
    const report = await browser.take(
      () => true,
      async (letter) => {
        taken.push(letter.view.messageId);
        return 'remove';
      },
    );
    expect(taken).toHaveLength(LETTERS);
    expect(report).toEqual({ scanned: LETTERS, complete: true });
    expect(await depth()).toBe(0);
  });

  it('looks at each letter once per take, though requeued letters come straight back', async () => {
    send(0, 20);
    await waitFor(async () => (await depth()) === 20, 'the letters');
    const seen: Array<string | null> = [];
    // Each letter is dead-lettered again at once, as a refused command would be.
    const bounce = async (letter: DeadLetter) => {
      seen.push(letter.view.messageId);
      world.broker.send(world.names.deadLetterQueue, letter.message.content, {
        messageId: letter.view.messageId ?? '',
        headers: letterHeaders(world.names.detectionQueue),
      });
      return 'remove' as const;
    };
    expect(await browser.take(() => true, bounce)).toEqual({ scanned: 20, complete: true });
    expect(new Set(seen).size).toBe(20);
    await waitFor(async () => (await depth()) === 20, 'the letters back');
  });

  it('stops when its time budget is spent and says it did not finish', async () => {
    send(0, 20);
    await waitFor(async () => (await depth()) === 20, 'the letters');
    const slow = async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return 'keep' as const;
    };
    const report = await browser.take(() => true, slow, 100);
    expect(report.complete).toBe(false);
    expect(report.scanned).toBeLessThan(20);
    expect(await depth()).toBe(20);
  });

  it('moves the letters of the old quorum dead-letter queue into the kept one', async () => {
    const legacy = legacyDeadLetterQueueOf(world.names);
    // As an earlier release left it, from a client of its own that is gone before the move.
    const old = await world.connect();
    const channel = await old.createConfirmChannel();
    await channel.assertQueue(legacy, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await channel.bindQueue(legacy, world.names.deadLetter, '#');
    for (let i = 0; i < 5; i += 1)
      await new Promise((resolve, reject) =>
        channel.publish(
          '',
          legacy,
          Buffer.from(`{"i":${i}}`),
          { messageId: `old-${i}`, headers: letterHeaders(world.names.detectionQueue) },
          (error: unknown) => (error ? reject(new Error('nacked')) : resolve(undefined)),
        ),
      );
    await old.close();
    send(100, 2);
    await waitFor(async () => (await world.broker.depth(legacy)) === 5, 'the old letters');
    expect(await migrateLegacyDeadLetters(await world.connect(), world.names)).toBe(5);
    await waitFor(async () => (await depth()) === 7, 'all letters in the kept queue');
    const views = await browser.peek(100);
    expect(views.filter((v) => v.messageId?.startsWith('old-'))).toHaveLength(5);
    expect(views.every((v) => v.code === 'MALFORMED_WAV')).toBe(true);
    // The old queue is gone, so the dead-letter exchange feeds the kept queue alone.
    const check = await (await world.connect()).createChannel();
    check.on('error', () => undefined);
    await expect(check.checkQueue(legacy)).rejects.toThrow(/NOT_FOUND/);
  });
});
