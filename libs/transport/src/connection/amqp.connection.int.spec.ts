import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport } from '../transport.facade';
import { TransportModule } from '../nest/transport.module';
import { COMMAND_EXECUTOR } from '../publishing/command-executor.port';
import { cutSocket } from '../testing/cut-socket.fixture';
import {
  recordingLogger,
  TEST_AMQP_URL,
  TestBroker,
  waitFor,
} from '../testing/test-broker.fixture';
import { AmqpConnection } from './amqp.connection';

describe('AmqpConnection (real RabbitMQ)', () => {
  let broker: TestBroker;

  beforeAll(async () => {
    broker = await TestBroker.open();
  });

  afterAll(async () => {
    await broker.cleanUp();
  });

  it('reconnects after losing its connection, re-declares and resumes consuming', async () => {
    const logger = recordingLogger();
    const transport = new Transport({
      url: TEST_AMQP_URL,
      prefix: broker.prefix,
      connectionName: 'reconnect-int-test',
      role: 'status',
      reconnect: { initialDelayMs: 50, maxDelayMs: 500 },
      logger,
    });
    transport.start();
    try {
      await transport.waitUntilConnected(5_000);
      const seen: string[] = [];
      transport.consumer.consume({
        queue: transport.names.statusQueue,
        prefetch: 10,
        handler: async (m) => {
          seen.push(String(m.properties.messageId));
          return { kind: 'ack' };
        },
      });
      const send = (id: string) =>
        transport.publisher.publish({
          exchange: transport.names.events,
          routingKey: 'a.b.c',
          content: Buffer.from('{}'),
          properties: { messageId: id },
        });
      await send('before');
      await waitFor(() => seen.includes('before'), 'a message before the cut');
      cutSocket(transport);
      await waitFor(() => !transport.isConnected(), 'the loss to be noticed');
      await waitFor(() => transport.isConnected(), 'the reconnection', 10_000);
      await send('after');
      await waitFor(() => seen.includes('after'), 'a message after the reconnection', 10_000);
    } catch (error) {
      throw new Error(`${String(error)}\n${logger.lines.join('\n')}`);
    } finally {
      await transport.close();
    }
  }, 20_000);

  it('provides the transport to a Nest app and closes it on shutdown', async () => {
    @Module({
      imports: [
        TransportModule.forRoot({
          url: TEST_AMQP_URL,
          prefix: broker.prefix,
          connectionName: 'nest-int-test',
          role: 'api',
          logger: recordingLogger(),
        }),
      ],
    })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    const connection = app.get(Transport).connection;
    expect(connection).toBeInstanceOf(AmqpConnection);
    await connection.waitForConnection(5_000);
    expect(connection.isConnected()).toBe(true);
    expect(typeof app.get<{ execute: unknown }>(COMMAND_EXECUTOR).execute).toBe('function');
    await app.close();
    expect(connection.isConnected()).toBe(false);
  });
});
