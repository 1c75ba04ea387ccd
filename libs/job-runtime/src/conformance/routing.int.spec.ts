import {
  AMQP_HEADERS,
  CLOUDEVENTS_CONTENT_TYPE,
  createCommand,
  eventFor,
  newId,
  parseEventType,
  type JobEvent,
} from '@jobmill/contracts';
import type { ConsumeMessage } from 'amqplib';
import { ControlPublisher } from '../cancellation/control.publisher';
import { ControlSubscriber } from '../cancellation/control.subscriber';
import type { CancelRequest } from '../cancellation/cancel-request.message';
import type { Transport } from '@jobmill/transport';
import { JobCommandRunnerFactory } from '../runner/job-command-runner.factory';
import { recordingLogger, waitFor } from '@jobmill/transport/testing';
import { RESULT, vadCommand } from './job.fixture';
import { TRANSPORTS, type TransportWorld } from './transports.fixture';

// Where messages go: commands by job type, events by <tenant>.<jobType>.<event> and topic
// patterns, control broadcasts to every subscriber, replies through the default exchange.

const normalizeCommand = () =>
  createCommand({
    jobId: newId(),
    jobType: 'processing.normalize',
    data: { input: { uploadId: newId() } },
    tenant: 'acme',
    source: '/test/api',
  });

const bodyOf = (m: { content: Buffer }) => JSON.parse(m.content.toString()) as { id: string };

describe.each(TRANSPORTS)('routing on $name', (transport) => {
  let world: TransportWorld;
  let api: Transport;

  beforeAll(async () => {
    world = await transport.open();
    // The api declares every queue, so its commands are routable before any worker ran.
    api = await world.service({ role: 'api' });
  });

  afterAll(async () => {
    await world.close();
  });

  it('routes a command by job type to its worker queue, and a copy to the status queue', async () => {
    const { broker, names } = world;
    const vad = vadCommand();
    const normalize = normalizeCommand();
    await api.executor.executeMany([vad, normalize]);
    const detection = await broker.getOne(names.detectionQueue);
    const processing = await broker.getOne(names.processingQueue);
    const status = [await broker.getOne(names.statusQueue), await broker.getOne(names.statusQueue)];
    expect(bodyOf(detection).id).toBe(vad.id);
    expect(bodyOf(processing).id).toBe(normalize.id);
    expect(status.map((m) => bodyOf(m).id).sort()).toEqual([vad.id, normalize.id].sort());
    for (const queue of [names.detectionQueue, names.processingQueue, names.statusQueue])
      expect(await broker.depth(queue)).toBe(0);
  });

  it('delivers a command whose AMQP properties mirror the envelope', async () => {
    const sent = vadCommand();
    await api.executor.execute(sent);
    const message = await world.broker.getOne(world.names.detectionQueue);
    const p = message.properties;
    expect(message.fields.routingKey).toBe('detection.vad');
    expect(message.fields.exchange).toBe(world.names.commands);
    expect(message.fields.redelivered).toBe(false);
    expect(JSON.parse(message.content.toString())).toEqual(sent);
    expect(p.messageId).toBe(sent.id);
    expect(p.correlationId).toBe(sent.correlationid);
    expect(p.type).toBe(sent.type);
    expect(p.appId).toBe('/test/api');
    expect(p.userId).toBe('guest');
    expect(p.contentType).toBe(CLOUDEVENTS_CONTENT_TYPE);
    expect(p.deliveryMode).toBe(2);
    expect(p.timestamp).toBe(Math.floor(Date.parse(sent.time) / 1000));
    expect(p.headers?.[AMQP_HEADERS.tenant]).toBe('acme');
    expect(p.headers?.[AMQP_HEADERS.attempt]).toBe(1);
    expect(p.headers?.[AMQP_HEADERS.subject]).toBe(sent.subject);
    expect(p.headers?.[AMQP_HEADERS.traceparent]).toBe(sent.traceparent);
    await world.broker.getOne(world.names.statusQueue);
  });

  it('routes events by <tenant>.<jobType>.<event> to queues bound with * and # patterns', async () => {
    const { broker, names } = world;
    const patterns = [
      'acme.#',
      '*.detection.vad.succeeded',
      '#.failed',
      '*.*.*.started',
      'acme.*.started', // `*` is exactly one word: detection.vad is two
      'acme.detection.vad.started.#', // `#` may be no word at all
      '#.vad.#',
      'globex.#',
    ] as const;
    const probes = new Map<string, ConsumeMessage[]>();
    for (const pattern of patterns) probes.set(pattern, await broker.probe(names.events, pattern));
    const command = vadCommand();
    const data = { jobType: 'detection.vad' as const };
    const source = '/test/worker';
    const events: JobEvent[] = [
      eventFor(command, 'started', { ...data, worker: 'w-1' }, source),
      eventFor(command, 'succeeded', { ...data, result: RESULT }, source),
      eventFor(
        command,
        'failed',
        { ...data, error: { code: 'X', message: 'x', kind: 'permanent', retryable: false } },
        source,
      ),
    ];
    await api.events.publishMany(events);
    // Ten deliveries in all are due (see below); queues fill independently, so wait for them all.
    const total = () => [...probes.values()].reduce((sum, got) => sum + got.length, 0);
    await waitFor(() => total() >= 10, 'the events on every matching probe');
    const keys = (pattern: string) => (probes.get(pattern) ?? []).map((m) => m.fields.routingKey);
    expect(keys('acme.#')).toEqual([
      'acme.detection.vad.started',
      'acme.detection.vad.succeeded',
      'acme.detection.vad.failed',
    ]);
    expect(keys('*.detection.vad.succeeded')).toEqual(['acme.detection.vad.succeeded']);
    expect(keys('#.failed')).toEqual(['acme.detection.vad.failed']);
    expect(keys('*.*.*.started')).toEqual(['acme.detection.vad.started']);
    expect(keys('acme.*.started')).toEqual([]);
    expect(keys('acme.detection.vad.started.#')).toEqual(['acme.detection.vad.started']);
    expect(keys('globex.#')).toEqual([]);
    expect(keys('#.vad.#')).toHaveLength(3);
  });

  it("keeps one job's start ahead of its outcome when both go out in one window", async () => {
    const { broker, names } = world;
    const probe = await broker.probe(names.events, 'acme.#');
    const [earlier, job] = [vadCommand(), vadCommand()];
    const data = { jobType: 'detection.vad' as const };
    const source = '/test/worker';
    // Another job's outcome comes first in the window: by first appearance alone, the
    // succeeded message (both outcomes) would go out before this job's start.
    await api.events.publishMany([
      eventFor(earlier, 'succeeded', { ...data, result: RESULT }, source),
      eventFor(job, 'started', { ...data, worker: 'w-1' }, source),
      eventFor(job, 'succeeded', { ...data, result: RESULT }, source),
    ]);
    await waitFor(() => probe.length >= 2, 'both messages');
    expect(probe.map((m) => m.fields.routingKey)).toEqual([
      'acme.detection.vad.started',
      'acme.detection.vad.succeeded',
    ]);
  });

  it('matches topic patterns word by word as RabbitMQ does, empty words and the empty key too', async () => {
    const { broker } = world;
    // What RabbitMQ routes: the empty key has no words, so `*` does not match it but `#` does.
    const expected: ReadonlyArray<readonly [string, readonly string[]]> = [
      ['*', ['a', 'b']],
      ['#', ['', 'a', 'a.b', 'a.x.y.b', 'a..b', '.', 'b']],
      ['*.#', ['a', 'a.b', 'a.x.y.b', 'a..b', '.', 'b']],
      ['a.*', ['a.b']],
      ['a.#.b', ['a.b', 'a.x.y.b', 'a..b']],
      ['#.b', ['a.b', 'a.x.y.b', 'a..b', 'b']],
      ['a..b', ['a..b']],
      ['', ['']],
    ];
    const exchange = await broker.exchange('topics', 'topic');
    const probes = await Promise.all(expected.map(([pattern]) => broker.probe(exchange, pattern)));
    const keys = ['', 'a', 'a.b', 'a.x.y.b', 'a..b', '.', 'b'];
    await api.publisher.publishAll(
      keys.map((key) => ({ exchange, routingKey: key, content: Buffer.from(key), properties: {} })),
    );
    const due = expected.reduce((sum, [, matched]) => sum + matched.length, 0);
    await waitFor(() => probes.reduce((sum, got) => sum + got.length, 0) >= due, 'the routed keys');
    const routed = probes.map((got) => got.map((m) => m.content.toString()).sort());
    expect(routed).toEqual(expected.map(([, matched]) => [...matched].sort()));
  });

  it('broadcasts a control message on the fanout to every subscriber, on any connection', async () => {
    const heard: Array<[string, CancelRequest]> = [];
    const workers = [
      await world.service({ role: 'detection', connectionName: 'worker-a' }),
      await world.service({ role: 'processing', connectionName: 'worker-b' }),
    ];
    const subscribers = workers.map(
      (worker, i) =>
        new ControlSubscriber(
          worker.connection,
          worker.names.control,
          (request) => heard.push([`worker-${i}`, request]),
          recordingLogger(),
        ),
    );
    for (const s of subscribers) s.start();
    const control = new ControlPublisher(api.publisher, api.names);
    const jobId = newId();
    // A subscriber's queue may still be binding right after start: broadcast until both heard.
    await waitFor(async () => {
      await control.cancel(jobId, 'acme');
      return new Set(heard.map(([who]) => who)).size === 2;
    }, 'both subscribers to hear the broadcast');
    expect(heard.every(([, request]) => request.jobId === jobId && request.tenant === 'acme')).toBe(
      true,
    );
    await Promise.all(subscribers.map((s) => s.stop()));
    await Promise.all(workers.map((w) => w.close(500)));
  });

  it('replies through the default exchange to the queue a command names in reply_to', async () => {
    const worker = await world.service({ role: 'detection', connectionName: 'replier' });
    const runner = new JobCommandRunnerFactory(worker).create({
      queue: worker.names.detectionQueue,
      prefetch: 1,
      source: '/test/detection-worker',
      workerId: 'replier',
      handlers: { 'detection.vad': { run: async () => ({ status: 'succeeded', result: RESULT }) } },
    });
    runner.start();
    const replyQueue = await world.broker.queue(`replies-${newId().slice(0, 6)}`);
    const command = vadCommand();
    world.broker.send(world.names.detectionQueue, JSON.stringify(command), {
      contentType: CLOUDEVENTS_CONTENT_TYPE,
      messageId: command.id,
      replyTo: replyQueue,
      correlationId: 'request-1',
    });
    const reply = await world.broker.getOne(replyQueue);
    expect(reply.fields.exchange).toBe('');
    expect(reply.fields.routingKey).toBe(replyQueue);
    expect(reply.properties.correlationId).toBe('request-1');
    const event = JSON.parse(reply.content.toString()) as JobEvent;
    expect(parseEventType(event.type)).toBe('succeeded');
    expect(event.subject).toBe(command.subject);
    await runner.stop(500);
    await worker.close(500);
  });
});
