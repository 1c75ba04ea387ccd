import { AMQP_HEADERS, type JobEvent } from '@jobmill/contracts';
import { encodeEnvelope, toEventAmqpProperties, type Transport } from '@jobmill/transport';
import { JobCommandRunnerFactory } from '../runner/job-command-runner.factory';
import { waitFor } from '@jobmill/transport/testing';
import type { JobCommandRunner } from '../runner/job-command.runner';
import { consumerBench } from './consumer-world.fixture';
import { EventLog, ScriptedHandler, vadCommand } from './job.fixture';
import { TRANSPORTS, type TransportWorld } from './transports.fixture';

// A message that can never be handled is dead-lettered at once with the reason in its headers
// (never requeued, never dropped), and the consumer goes on serving the next one.

describe.each(TRANSPORTS)('poison messages on $name', (transport) => {
  let world: TransportWorld;
  let worker: Transport;
  let runner: JobCommandRunner;
  let events: EventLog;
  const handler = new ScriptedHandler();

  beforeAll(async () => {
    world = await transport.open();
    worker = await world.service({ role: 'detection' });
    events = new EventLog(await world.broker.probe(world.names.events));
    runner = new JobCommandRunnerFactory(worker).create({
      queue: worker.names.detectionQueue,
      prefetch: 4,
      source: '/test/detection-worker',
      workerId: 'worker-1',
      handlers: { 'detection.vad': handler },
    });
    runner.start();
  });

  afterAll(async () => {
    await runner.stop(500);
    await world.close();
  });

  it('dead-letters a malformed body with its reason, fails a job it can name, and keeps serving', async () => {
    const invalid = vadCommand({ data: { input: { uploadId: 'not-a-uuid' } } });
    const unknown = vadCommand({ type: 'io.jobmill.detection.nope.requested.v1' });
    const queue = world.names.detectionQueue;
    world.broker.send(queue, '{not json', { messageId: 'bad-json' });
    // As another system may publish them: with every header the contract allows.
    world.broker.send(queue, encodeEnvelope(invalid), toEventAmqpProperties(invalid));
    world.broker.send(queue, encodeEnvelope(unknown), toEventAmqpProperties(unknown));
    const dead = [];
    for (let i = 0; i < 3; i++) dead.push(await world.broker.getOne(world.names.deadLetterQueue));
    const byId = new Map(
      dead.map((d) => [String(d.properties.messageId), d.properties.headers ?? {}]),
    );
    expect(byId.get('bad-json')?.[AMQP_HEADERS.deadLetterCode]).toBe('INVALID_JSON');
    expect(byId.get(invalid.id)?.[AMQP_HEADERS.deadLetterCode]).toBe('INVALID_DATA');
    expect(String(byId.get(invalid.id)?.[AMQP_HEADERS.deadLetterReason])).toContain(
      '/data/input/uploadId',
    );
    expect(byId.get(unknown.id)?.[AMQP_HEADERS.deadLetterCode]).toBe('UNKNOWN_TYPE');
    for (const headers of byId.values()) {
      expect(headers[AMQP_HEADERS.deadLetterQueue]).toBe(queue);
      expect(headers[AMQP_HEADERS.deadLetterAttempts]).toBe(1);
    }
    // The invalid command named its job and tenant: the job is failed, not left QUEUED.
    await waitFor(() => events.namesOf(invalid.subject).includes('failed'), 'job.failed');
    const failed = events.of(invalid.subject)[0] as JobEvent<'failed'>;
    expect(failed.data.error).toMatchObject({
      code: 'INVALID_DATA',
      kind: 'poison',
      retryable: false,
    });
    expect(handler.calls).toHaveLength(0);
    const next = vadCommand();
    await worker.executor.execute(next);
    await waitFor(() => events.namesOf(next.subject).includes('succeeded'), 'the next job');
    await waitFor(async () => (await world.broker.depth(queue)) === 0, 'an empty work queue');
  });

  it('dead-letters what a handler gives up on, with the reason in headers, then acks', async () => {
    const bench = await consumerBench(world);
    const queue = await bench.workQueue();
    bench.send(queue, 1);
    const sub = bench.transport.consumer.consume({
      queue,
      prefetch: 1,
      handler: async () => ({ kind: 'dead-letter', code: 'BAD_INPUT', reason: 'no good' }),
    });
    const dead = await world.broker.getOne(world.names.deadLetterQueue);
    await sub.stop(1_000);
    const h = dead.properties.headers ?? {};
    expect(dead.fields.routingKey).toBe(queue);
    expect(dead.properties.messageId).toBe('m-0');
    expect(dead.content.toString()).toBe('{"i":0}');
    expect(h[AMQP_HEADERS.deadLetterCode]).toBe('BAD_INPUT');
    expect(h[AMQP_HEADERS.deadLetterReason]).toBe('no good');
    expect(h[AMQP_HEADERS.deadLetterQueue]).toBe(queue);
    expect(h[AMQP_HEADERS.deadLetterAttempts]).toBe(1);
    expect(h['keep']).toBe('me');
    expect(await world.broker.depth(queue)).toBe(0);
  });
});
