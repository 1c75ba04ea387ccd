import { createCommand, newId, type JobCommand } from '@jobmill/contracts';
import { Transport } from '../transport.facade';
import { TEST_AMQP_URL, TestBroker } from '../testing/test-broker.fixture';

// Routing, confirms, UNROUTABLE and a missing exchange are in conformance/publishing and
// conformance/routing, run on both transports; what stays here is RabbitMQ's alone.

const command = (): JobCommand =>
  createCommand({
    jobId: newId(),
    jobType: 'detection.vad',
    data: { input: { uploadId: newId() } },
    tenant: 'acme',
    source: '/test/api',
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  });

describe('AmqpCommandExecutor (real RabbitMQ)', () => {
  let broker: TestBroker;
  let transport: Transport;

  beforeAll(async () => {
    broker = await TestBroker.open();
    transport = new Transport({
      url: TEST_AMQP_URL,
      prefix: broker.prefix,
      connectionName: 'executor-int-test',
      role: 'publisher',
    });
    transport.start();
    await transport.waitUntilConnected(5_000);
  });

  afterAll(async () => {
    await transport.close();
    await broker.cleanUp();
  });

  it('rejects a command that names no job type without publishing it', async () => {
    const bad = { ...command(), type: 'io.jobmill.nope.requested.v1' };
    await expect(transport.executor.execute(bad)).rejects.toMatchObject({
      code: 'INVALID_COMMAND',
    });
  });

  it('rejects within publishTimeoutMs with BROKER_UNAVAILABLE when the broker is unreachable', async () => {
    const offline = new Transport({
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
