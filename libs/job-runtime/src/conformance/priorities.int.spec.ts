import {
  AMQP_HEADERS,
  createCommand,
  laneQueueName,
  newId,
  type JobCommand,
  type JobPriority,
} from '@jobmill/contracts';
import { toEventAmqpProperties, type Transport } from '@jobmill/transport';
import { waitFor } from '@jobmill/transport/testing';
import { JobCommandRunnerFactory } from '../runner/job-command-runner.factory';
import type { JobCommandRunner } from '../runner/job-command.runner';
import { EventLog, RESULT, ScriptedHandler } from './job.fixture';
import { TRANSPORTS, type TransportWorld } from './transports.fixture';

// Priorities: each worker queue has a lane per priority (quorum queues before RabbitMQ 4.3 have
// none), the runner consumes all of them and one set of slots hands a freed slot to a waiting
// high job first, then normal, then low. A high command published behind a backlog of normal
// ones is the next to start, whether the backlog came one job a message or in batches. A
// priority's backlog lane (a tenant past its fair share) goes after the priority's own lane.

const JOB_MS = 150;

const vad = (priority?: JobPriority): JobCommand =>
  createCommand({
    jobId: newId(),
    jobType: 'detection.vad',
    data: { input: { uploadId: newId() }, ...(priority ? { priority } : {}) },
    tenant: 'acme',
    source: '/test/api',
  });

describe.each(TRANSPORTS)('priorities on $name', (transport) => {
  let world: TransportWorld;
  let api: Transport;
  let runner: JobCommandRunner;
  let events: EventLog;
  const handler = new ScriptedHandler();
  const startOrder = () => handler.calls.map((c) => c.command.subject);

  beforeAll(async () => {
    world = await transport.open();
    api = await world.service({ role: 'api' });
    const worker = await world.service({ role: 'detection' });
    events = new EventLog(await world.broker.probe(world.names.events));
    runner = new JobCommandRunnerFactory(worker).create({
      queue: worker.names.detectionQueue,
      priorityLanes: true,
      // More messages than slots: normal jobs wait at the worker too, not only in the queue.
      prefetch: 4,
      concurrency: 2,
      source: '/test/detection-worker',
      workerId: 'worker-1',
      handlers: { 'detection.vad': handler },
      admission: { topologyPrefix: world.broker.prefix },
    });
    runner.start();
  });

  afterAll(async () => {
    await runner.stop(500);
    await world.close();
  });

  // The jobs started first hold their slots until the commands under test have reached the
  // worker, so the order does not depend on how fast a loaded machine delivers them.
  let reached: () => void;
  let delivered: Promise<void>;

  beforeEach(() => {
    handler.calls.length = 0;
    handler.startedAt.length = 0;
    delivered = new Promise((resolve) => (reached = resolve));
  });

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  const holding = (commands: readonly JobCommand[]) => {
    for (const c of commands)
      handler.on(c.subject, async () => {
        await delivered;
        await sleep(JOB_MS);
        return { status: 'succeeded', result: RESULT };
      });
  };

  /** Releases the running jobs once the lanes' commands were delivered (none left ready). */
  const releaseOnceDelivered = async (...lanes: readonly string[]) => {
    await waitFor(
      async () =>
        (await Promise.all(lanes.map((q) => world.broker.depth(q)))).every((n) => n === 0),
      'the commands to reach the worker',
    );
    // From the socket to the slot queue is a few turns of the worker's event loop.
    await sleep(100);
    reached();
  };
  const lane = (priority: JobPriority, backlog = false) =>
    laneQueueName(world.names.detectionQueue, priority, backlog);

  const allDone = (commands: readonly JobCommand[]) =>
    waitFor(
      () => commands.every((c) => events.terminalIds(c.subject).size === 1),
      'every job to succeed',
      20_000,
    );

  it('starts a high job next behind a backlog of normal ones published one a message', async () => {
    const normals = Array.from({ length: 8 }, () => vad());
    const high = vad('high');
    holding([...normals, high]);
    for (const c of normals) await api.executor.execute(c);
    await waitFor(() => handler.calls.length >= 2, 'the first normal jobs to start');
    await api.executor.execute(high);
    await releaseOnceDelivered(lane('high'));
    await allDone([...normals, high]);
    // Two were running when it came (two more waiting here, four in the queue); it took the
    // first slot freed.
    expect(startOrder().indexOf(high.subject)).toBe(2);
    expect(events.namesOf(high.subject)).toEqual(['started', 'succeeded']);
  });

  it('runs a batch backlog by priority: high first, then normal, low last', async () => {
    const normals = Array.from({ length: 10 }, () => vad('normal'));
    const low = vad('low');
    const high = vad('high');
    holding([...normals, low, high]);
    await api.executor.executeMany(normals);
    await waitFor(() => handler.calls.length >= 2, 'the first normal jobs to start');
    await api.executor.executeMany([low, high]);
    await releaseOnceDelivered(lane('high'));
    await allDone([...normals, low, high]);
    const order = startOrder();
    expect(order.indexOf(high.subject)).toBe(2);
    expect(order.indexOf(low.subject)).toBe(order.length - 1);
  });

  it('routes each priority to its lane and keeps normal routing keys as they were', async () => {
    const probes = await Promise.all(
      ['detection.vad', 'detection.vad.high', 'detection.vad.low'].map((key) =>
        world.broker.probe(world.names.commands, key),
      ),
    );
    const [normal, high, low] = [vad(), vad('high'), vad('low')];
    for (const c of [normal, high, low]) await api.executor.execute(c);
    await waitFor(() => probes.every((p) => p.length === 1), 'one command on each key');
    const subjects = probes.map((p) => (JSON.parse(String(p[0]?.content)) as JobCommand).subject);
    expect(subjects).toEqual([normal.subject, high.subject, low.subject]);
    await allDone([normal, high, low]);
  });

  /** Publishes the command under `routingKey` and reads its dead letter; its job fails. */
  const refusedOn = async (routingKey: string, command: JobCommand) => {
    // As another system may: with every header the contract allows, events' mirrors included.
    world.broker.channel.publish(
      world.names.commands,
      routingKey,
      Buffer.from(JSON.stringify(command)),
      { ...toEventAmqpProperties(command), persistent: true },
    );
    const dead = await world.broker.getOne(world.names.deadLetterQueue);
    expect(dead.properties.messageId).toBe(command.id);
    await waitFor(() => events.namesOf(command.subject).includes('failed'), 'the job to fail');
    return dead.properties.headers ?? {};
  };

  it('refuses a command whose routing key is another lane than its data.priority', async () => {
    const headers = await refusedOn('detection.vad.high', vad('low'));
    expect(headers[AMQP_HEADERS.deadLetterCode]).toBe('PRIORITY_MISMATCH');
    expect(headers[AMQP_HEADERS.deadLetterQueue]).toBe(
      laneQueueName(world.names.detectionQueue, 'high'),
    );
  });

  it("starts a job of a priority's own lane before that priority's backlog lane", async () => {
    const backlog = Array.from({ length: 8 }, () => vad());
    const fair = vad();
    const low = vad('low');
    holding([...backlog, fair, low]);
    for (const c of backlog) await api.executor.execute(c, { backlog: true });
    await waitFor(() => handler.calls.length >= 2, 'the first backlog jobs to start');
    await api.executor.execute(low);
    await api.executor.execute(fair);
    await releaseOnceDelivered(lane('normal'), lane('low'));
    await allDone([...backlog, fair, low]);
    const order = startOrder();
    // It took the first slot freed, whatever waited in the backlog lane; low went last.
    expect(order.indexOf(fair.subject)).toBe(2);
    expect(order.indexOf(low.subject)).toBe(order.length - 1);
  });

  it('routes backlog commands to the backlog lane of their priority, and a batch too', async () => {
    const probes = await Promise.all(
      ['detection.vad.backlog', 'detection.vad.low.backlog', 'detection.vad.high'].map((key) =>
        world.broker.probe(world.names.commands, key),
      ),
    );
    const [normal, low, high] = [vad(), vad('low'), vad('high')];
    await api.executor.executeMany([normal, low, high], { backlog: true });
    await waitFor(() => probes.every((p) => p.length === 1), 'one command on each key');
    const subjects = probes.map((p) => (JSON.parse(String(p[0]?.content)) as JobCommand).subject);
    // High jobs have no backlog lane: theirs is the high lane.
    expect(subjects).toEqual([normal.subject, low.subject, high.subject]);
    await allDone([normal, low, high]);
  });

  it("refuses a command on another priority's backlog lane", async () => {
    const headers = await refusedOn('detection.vad.low.backlog', vad());
    expect(headers[AMQP_HEADERS.deadLetterCode]).toBe('PRIORITY_MISMATCH');
  });
});
