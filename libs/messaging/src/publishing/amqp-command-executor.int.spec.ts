import {
  AMQP_HEADERS,
  CLOUDEVENTS_CONTENT_TYPE,
  createCommand,
  newId,
  type JobCommand,
} from '@jobmill/contracts';
import { Messaging } from '../messaging';
import { TEST_AMQP_URL, TestBroker, waitFor } from '../testing/test-broker';

const command = (jobType: 'detection.vad' | 'processing.normalize' = 'detection.vad'): JobCommand =>
  createCommand({
    jobId: newId(),
    jobType,
    data: { input: { uploadId: newId() } },
    tenant: 'acme',
    source: '/test/api',
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  });

describe('AmqpCommandExecutor (real RabbitMQ)', () => {
  let broker: TestBroker;
  let messaging: Messaging;

  beforeAll(async () => {
    broker = await TestBroker.open();
    messaging = new Messaging({
      url: TEST_AMQP_URL,
      prefix: broker.prefix,
      connectionName: 'executor-int-test',
      // Exchanges only: a command is routable only where the test binds a queue.
      role: 'publisher',
    });
    messaging.start();
    await messaging.waitUntilConnected(5_000);
  });

  afterAll(async () => {
    await messaging.close();
    await broker.cleanUp();
  });

  it('publishes a confirmed, persistent command whose AMQP properties mirror the envelope', async () => {
    const received = await broker.probe(broker.names.commands, 'detection.*');
    const sent = command();
    await messaging.executor.execute(sent);
    await waitFor(() => received.length === 1, 'the command on the probe');
    const message = received[0];
    if (!message) throw new Error('no message');
    const p = message.properties;
    expect(message.fields.routingKey).toBe('detection.vad');
    expect(JSON.parse(message.content.toString())).toEqual(sent);
    expect(p.messageId).toBe(sent.id);
    expect(p.correlationId).toBe(sent.correlationid);
    expect(p.type).toBe(sent.type);
    expect(p.appId).toBe('/test/api');
    expect(p.contentType).toBe(CLOUDEVENTS_CONTENT_TYPE);
    expect(p.deliveryMode).toBe(2);
    expect(p.timestamp).toBe(Math.floor(Date.parse(sent.time) / 1000));
    expect(p.headers?.[AMQP_HEADERS.tenant]).toBe('acme');
    expect(p.headers?.[AMQP_HEADERS.attempt]).toBe(1);
    expect(p.headers?.[AMQP_HEADERS.subject]).toBe(sent.subject);
    expect(p.headers?.[AMQP_HEADERS.traceparent]).toBe(sent.traceparent);
  });

  it('confirms a bulk of commands with many confirms in flight', async () => {
    const received = await broker.probe(broker.names.commands, 'detection.*');
    const commands = Array.from({ length: 2_000 }, () => command());
    await messaging.executor.executeMany(commands);
    await waitFor(() => received.length === 2_000, '2,000 commands on the probe');
    expect(new Set(received.map((m) => String(m.properties.messageId))).size).toBe(2_000);
  });

  it('rejects an unroutable command with UNROUTABLE, and still confirms routable ones alongside', async () => {
    // Only detection.* is bound (by the probes above); nothing listens to processing.*.
    const lost = command('processing.normalize');
    await expect(messaging.executor.execute(lost)).rejects.toMatchObject({
      code: 'UNROUTABLE',
      retryable: false,
    });
    const results = await Promise.allSettled([
      messaging.executor.execute(command()),
      messaging.executor.execute(command('processing.normalize')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    await expect(messaging.executor.executeMany([command(), lost])).rejects.toMatchObject({
      code: 'UNROUTABLE',
    });
  });

  it('rejects a command that names no job type without publishing it', async () => {
    const bad = { ...command(), type: 'io.jobmill.nope.requested.v1' };
    await expect(messaging.executor.execute(bad)).rejects.toMatchObject({
      code: 'INVALID_COMMAND',
    });
  });

  it('keeps publishing after the broker closed its channel (publish to a missing exchange)', async () => {
    await expect(
      messaging.publisher.publish({
        exchange: `${broker.prefix}missing`,
        routingKey: 'x',
        content: Buffer.from('{}'),
        properties: {},
      }),
    ).rejects.toMatchObject({ code: 'BROKER_UNAVAILABLE' });
    await expect(messaging.executor.execute(command())).resolves.toBeUndefined();
  });

  it('rejects within publishTimeoutMs with BROKER_UNAVAILABLE when the broker is unreachable', async () => {
    const offline = new Messaging({
      url: 'amqp://guest:guest@127.0.0.1:1',
      prefix: broker.prefix,
      connectionName: 'offline-test',
      role: 'api',
      publishTimeoutMs: 400,
    });
    offline.start();
    try {
      const startedAt = Date.now();
      await expect(offline.executor.execute(command())).rejects.toMatchObject({
        code: 'BROKER_UNAVAILABLE',
        retryable: true,
      });
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(350);
      expect(Date.now() - startedAt).toBeLessThan(1_500);
      expect(offline.isConnected()).toBe(false);
    } finally {
      await offline.close();
    }
  });
});
