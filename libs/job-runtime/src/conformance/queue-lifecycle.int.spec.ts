import { ControlSubscriber } from '../cancellation/control.subscriber';
import type { Transport } from '@jobmill/transport';
import { recordingLogger, waitFor } from '@jobmill/transport/testing';
import { TRANSPORTS, type TransportWorld } from './transports.fixture';

// The control subscribers' queues live as long as they are used: auto-delete goes with the last
// consumer, exclusive with the connection. Seen from outside: a mandatory broadcast becomes
// unroutable again once no such queue is left on the fanout.

describe.each(TRANSPORTS)('queue lifecycle on $name', (transport) => {
  let world: TransportWorld;
  let api: Transport;

  /** True once a mandatory publish on the control fanout finds no queue. */
  const unroutable = async (): Promise<boolean> => {
    try {
      await api.publisher.publish({
        exchange: world.names.control,
        routingKey: '',
        content: Buffer.from('{}'),
        properties: {},
        mandatory: true,
      });
      return false;
    } catch (error) {
      return (error as { code?: string }).code === 'UNROUTABLE';
    }
  };

  beforeAll(async () => {
    world = await transport.open();
    api = await world.service({ role: 'api' });
  });

  afterAll(async () => {
    await world.close();
  });

  it('deletes an auto-delete queue when its last consumer goes (a control subscriber stops)', async () => {
    expect(await unroutable()).toBe(true);
    const worker = await world.service({ role: 'publisher', connectionName: 'listener' });
    const subscriber = new ControlSubscriber(
      worker.connection,
      world.names.control,
      () => undefined,
      recordingLogger(),
    );
    subscriber.start();
    await waitFor(async () => !(await unroutable()), 'the subscriber queue bound');
    await subscriber.stop();
    // The service is still connected: only auto-delete can have removed the queue.
    await waitFor(unroutable, 'the queue deleted with its consumer');
    expect(worker.isConnected()).toBe(true);
    await worker.close(500);
  });

  it('deletes an exclusive queue when the connection that declared it closes', async () => {
    const client = await world.connect();
    const channel = await client.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true, durable: false });
    expect(queue).toMatch(/^amq\.gen-/);
    await channel.bindQueue(queue, world.names.control, '');
    expect(await unroutable()).toBe(false);
    // No consumer ever: nothing but the end of its connection deletes it.
    await channel.close();
    expect(await unroutable()).toBe(false);
    await client.close();
    await waitFor(unroutable, 'the queue deleted with its connection');
  });
});
