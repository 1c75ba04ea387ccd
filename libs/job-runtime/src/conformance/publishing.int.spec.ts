import {
  CLOUDEVENTS_BATCH_CONTENT_TYPE,
  createCommand,
  newId,
  parseEnvelopes,
} from '@jobmill/contracts';
import type { Transport } from '@jobmill/transport';
import { recordingLogger, waitFor } from '@jobmill/transport/testing';
import { vadCommand } from './job.fixture';
import { TRANSPORTS, type TransportWorld } from './transports.fixture';

// What a publisher is told: confirms for what the broker took, UNROUTABLE for a mandatory
// message no queue wanted, and an error (not silence) for an exchange that does not exist.

const normalizeCommand = () =>
  createCommand({
    jobId: newId(),
    jobType: 'processing.normalize',
    data: { input: { uploadId: newId() } },
    tenant: 'acme',
    source: '/test/api',
  });

describe.each(TRANSPORTS)('publishing on $name', (transport) => {
  let world: TransportWorld;
  let publisher: Transport;
  const logger = recordingLogger();

  beforeAll(async () => {
    world = await transport.open();
    // Exchanges only: a command is routable only where the test binds a queue.
    publisher = await world.service({ role: 'publisher', logger });
  });

  afterAll(async () => {
    await world.close();
  });

  it('confirms a bulk of commands with many confirms in flight', async () => {
    const received = await world.broker.probe(world.names.commands, 'detection.*');
    const commands = Array.from({ length: 2_000 }, () => vadCommand());
    await publisher.executor.executeMany(commands);
    const ids = () =>
      received.flatMap((m) =>
        parseEnvelopes<{ id: string }>(m.content, String(m.properties.contentType)).map(
          (c) => c.id,
        ),
      );
    await waitFor(() => ids().length === 2_000, '2,000 commands on the probe');
    expect(new Set(ids())).toEqual(new Set(commands.map((c) => c.id)));
    // Submitted together, they travel together: CloudEvents batches of up to 500 commands.
    expect(received).toHaveLength(4);
    expect(received.every((m) => m.properties.contentType === CLOUDEVENTS_BATCH_CONTENT_TYPE)).toBe(
      true,
    );
  });

  it('rejects an unroutable command with UNROUTABLE, and still confirms routable ones alongside', async () => {
    // Only detection.* is bound (by the probe above); nothing listens to processing.*.
    const lost = normalizeCommand();
    await expect(publisher.executor.execute(lost)).rejects.toMatchObject({
      code: 'UNROUTABLE',
      retryable: false,
    });
    const results = await Promise.allSettled([
      publisher.executor.execute(vadCommand()),
      publisher.executor.execute(normalizeCommand()),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    await expect(publisher.executor.executeMany([vadCommand(), lost])).rejects.toMatchObject({
      code: 'UNROUTABLE',
    });
  });

  it('rejects a mandatory publish to a queue that does not exist (default exchange)', async () => {
    const request = {
      exchange: '',
      routingKey: `${world.broker.prefix}no-such-queue`,
      content: Buffer.from('{}'),
      properties: {},
    };
    await expect(
      publisher.publisher.publish({ ...request, mandatory: true }),
    ).rejects.toMatchObject({ code: 'UNROUTABLE' });
    // Not mandatory: the broker confirms and drops it, as it does for events nobody hears.
    await expect(publisher.publisher.publish(request)).resolves.toBeUndefined();
  });

  it('delivers headers as they travel on the wire: undefined values are left out', async () => {
    const queue = await world.broker.queue('headers', { 'x-queue-type': 'quorum' });
    await publisher.publisher.publish({
      exchange: '',
      routingKey: queue,
      content: Buffer.from('{}'),
      properties: { headers: { kept: 'yes', count: 2, flag: true, gone: undefined } },
      mandatory: true,
    });
    const message = await world.broker.getOne(queue);
    const headers = message.properties.headers ?? {};
    expect(headers).toMatchObject({ kept: 'yes', count: 2, flag: true });
    expect(Object.keys(headers)).not.toContain('gone');
  });

  it('rejects a publish to a missing exchange, and the next publish goes through', async () => {
    await expect(
      publisher.publisher.publish({
        exchange: `${world.broker.prefix}missing`,
        routingKey: 'x',
        content: Buffer.from('{}'),
        properties: {},
      }),
    ).rejects.toMatchObject({ code: 'BROKER_UNAVAILABLE' });
    // The broker closed the publishing channel for it (a channel-level error), and said why.
    expect(logger.lines.some((l) => l.includes('Publish channel') && l.includes('NOT_FOUND'))).toBe(
      true,
    );
    await expect(publisher.executor.execute(vadCommand())).resolves.toBeUndefined();
  });
});
