import { InProcessBroker } from '../in-process/in-process.broker';
import { InProcessConnection } from '../in-process/in-process.connection';
import { QueueDepthProbe } from './queue-depth.probe';

// On the in-process broker: the same passive declares as on RabbitMQ, no network.
describe('QueueDepthProbe', () => {
  let broker: InProcessBroker;
  let connection: InProcessConnection;

  beforeEach(async () => {
    broker = new InProcessBroker();
    connection = new InProcessConnection(broker);
    connection.start();
    const model = await connection.waitForConnection(1_000);
    const channel = await model.createChannel();
    await channel.assertQueue('q.work', { durable: true });
    await channel.assertQueue('q.dead', { durable: true });
    channel.publish('', 'q.work', Buffer.from('a'));
    channel.publish('', 'q.work', Buffer.from('b'));
    await channel.close();
  });
  afterEach(async () => {
    await connection.close();
    broker.close();
  });

  it('reads the depth of each queue and leaves out the ones that do not exist', async () => {
    const probe = new QueueDepthProbe(connection, ['q.work', 'q.missing', 'q.dead']);
    expect(await probe.depths()).toEqual([
      { queue: 'q.work', messages: 2, consumers: 0 },
      { queue: 'q.dead', messages: 0, consumers: 0 },
    ]);
  });

  it('answers from its cache within maxAgeMs, and reads again after it', async () => {
    const probe = new QueueDepthProbe(connection, ['q.work'], 50);
    const first = await probe.depths();
    const model = await connection.waitForConnection(1_000);
    const channel = await model.createChannel();
    channel.publish('', 'q.work', Buffer.from('c'));
    expect(await probe.depths()).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await probe.depths())[0]?.messages).toBe(3);
    await channel.close();
  });

  it('is empty while disconnected', async () => {
    await connection.close();
    expect(await new QueueDepthProbe(connection, ['q.work']).depths()).toEqual([]);
  });
});
