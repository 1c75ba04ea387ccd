import type { HandlerOutcome, InboundMessage, Transport } from '@jobmill/transport';
import { JobCommandRunnerFactory } from '../runner/job-command-runner.factory';
import type { JobRunnerOptions } from '../runner/job-runner.types';
import type { JobCommandRunner } from '../runner/job-command.runner';
import type { JobCommand } from '@jobmill/contracts';
import { waitFor } from '@jobmill/transport/testing';
import { MemoryRunRegistry } from '../testing/memory-run.registry';
import { consumerBench, type ConsumerBench } from './consumer-world.fixture';
import { EventLog, RESULT, ScriptedHandler, untilAborted, vadCommand } from './job.fixture';
import { TRANSPORTS, type TransportWorld } from './transports.fixture';

// An orderly stop: in-flight handlers get the grace period to finish (and are acked); past it
// they are told to give up, and their messages go back to the queue for another consumer.

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Makes the job's handler run until the returned function is called, then succeed. */
function holdUntilFinished(handler: ScriptedHandler, command: JobCommand): () => void {
  let finish: () => void = () => undefined;
  handler.on(command.subject, async () => {
    await new Promise<void>((resolve) => (finish = resolve));
    return { status: 'succeeded', result: RESULT };
  });
  return () => finish();
}

describe.each(TRANSPORTS)('shutdown on $name', (transport) => {
  let world: TransportWorld;
  let bench: ConsumerBench;

  beforeAll(async () => {
    world = await transport.open();
    bench = await consumerBench(world);
  });

  afterAll(async () => {
    await world.close();
  });

  /** One scripted handler, one run registry and an event log, and runners of them on a worker. */
  async function detectionRunners(
    tuning: Pick<JobRunnerOptions, 'prefetch' | 'concurrency' | 'leaseMs' | 'priorityLanes'>,
  ) {
    const registry = new MemoryRunRegistry();
    const handler = new ScriptedHandler();
    const events = new EventLog(await world.broker.probe(world.names.events));
    const runnerOn = (worker: Transport, id: string) =>
      new JobCommandRunnerFactory(worker).create({
        ...tuning,
        queue: worker.names.detectionQueue,
        source: '/test/detection-worker',
        workerId: id,
        handlers: { 'detection.vad': handler },
        runs: registry,
      });
    return { handler, events, runnerOn };
  }

  /** An api and a worker service, and a started runner named `first` on the worker. */
  async function firstRunner(
    runnerOn: (worker: Transport, id: string) => JobCommandRunner,
    name: string,
  ) {
    const api = await world.service({ role: 'api', connectionName: `${name}-api` });
    const worker = await world.service({ role: 'detection', connectionName: `${name}-worker` });
    const first = runnerOn(worker, 'first');
    first.start();
    return { api, worker, first };
  }

  it('stop() waits for an in-flight handler that ends within the grace period, and acks it', async () => {
    const queue = await bench.workQueue();
    bench.send(queue, 1);
    let started = 0;
    let finished = 0;
    let expired = false;
    const sub = bench.transport.consumer.consume({
      queue,
      prefetch: 1,
      onGraceExpired: () => (expired = true),
      handler: async (): Promise<HandlerOutcome> => {
        started = Date.now();
        await pause(300);
        finished = Date.now();
        return { kind: 'ack' };
      },
    });
    await waitFor(() => started > 0, 'the handler to start');
    await sub.stop(3_000);
    const stoppedAt = Date.now();
    expect(finished).toBeGreaterThan(0);
    expect(stoppedAt).toBeGreaterThanOrEqual(finished);
    expect(stoppedAt - started).toBeLessThan(2_000);
    expect(expired).toBe(false);
    // Acked before the channel closed: nothing comes back.
    await pause(100);
    expect(await world.broker.depth(queue)).toBe(0);
  });

  it('past the grace period calls onGraceExpired, and the message goes back to be redelivered', async () => {
    const queue = await bench.workQueue();
    bench.send(queue, 1);
    let giveUp: () => void = () => undefined;
    let started = false;
    let expired = false;
    const sub = bench.transport.consumer.consume({
      queue,
      prefetch: 1,
      onGraceExpired: () => {
        expired = true;
        giveUp();
      },
      handler: async (): Promise<HandlerOutcome> => {
        started = true;
        // Like an aborted job: it stops when told, and asks for the message to be requeued.
        await new Promise<void>((resolve) => (giveUp = resolve));
        return { kind: 'requeue', reason: 'shutting down' };
      },
    });
    await waitFor(() => started, 'the handler to start');
    const stopping = Date.now();
    await sub.stop(200);
    expect(expired).toBe(true);
    expect(Date.now() - stopping).toBeGreaterThanOrEqual(190);
    await waitFor(
      async () => (await world.broker.depth(queue)) === 1,
      'the unacked message back in the queue',
    );
    const again: InboundMessage[] = [];
    const next = bench.transport.consumer.consume({
      queue,
      prefetch: 1,
      handler: async (m) => {
        again.push(m);
        return { kind: 'ack' };
      },
    });
    await waitFor(() => again.length === 1, 'the redelivery');
    await next.stop(1_000);
    expect(again[0]?.redelivered).toBe(true);
    expect(again[0]?.properties.messageId).toBe('m-0');
  });

  it('stop() starts none of the jobs it holds but has not started: they go back at once', async () => {
    const { handler, events, runnerOn } = await detectionRunners({ prefetch: 1, concurrency: 1 });
    // One batch message: its first job takes the one slot, the other two wait behind it.
    const [running, ...waiting] = [vadCommand(), vadCommand(), vadCommand()];
    const finish = holdUntilFinished(handler, running);
    const { api, worker, first } = await firstRunner(runnerOn, 'stop');
    await api.executor.executeMany([running, ...waiting]);
    await waitFor(() => handler.calls.length === 1, 'the first job to start');
    const stopping = Date.now();
    const stopped = first.stop(10_000);
    finish();
    await stopped;
    // The running job finished within the grace; the waiting ones never started here, and the
    // stop did not wait for them to run.
    expect(Date.now() - stopping).toBeLessThan(5_000);
    // The outcome was confirmed before stop() resolved; the event log's own copy may lag.
    await waitFor(
      () => events.namesOf(running.subject).includes('succeeded'),
      'the running job outcome in the event log',
    );
    expect(events.namesOf(running.subject)).toEqual(['started', 'succeeded']);
    expect(handler.calls.map((c) => c.command.subject)).toEqual([running.subject]);
    const next = runnerOn(worker, 'second');
    next.start();
    for (const command of waiting)
      await waitFor(
        () => events.namesOf(command.subject).includes('succeeded'),
        'a waiting job on the next runner',
      );
    await next.stop(500);
    // Each job ran once; the first was not run again when its batch message came back.
    for (const command of [running, ...waiting])
      expect(handler.callsOf(command.subject)).toHaveLength(1);
  });

  it('stop() sends a job waiting for a slot back at once, while the running one finishes', async () => {
    const { handler, events, runnerOn } = await detectionRunners({
      prefetch: 2,
      concurrency: 1,
      // Single commands then wait for a slot, as batch members always do.
      priorityLanes: true,
    });
    const [running, waiting] = [vadCommand(), vadCommand()];
    const finish = holdUntilFinished(handler, running);
    const { api, worker, first } = await firstRunner(runnerOn, 'waiting');
    await api.executor.execute(running);
    await waitFor(() => handler.calls.length === 1, 'the first job to start');
    await api.executor.execute(waiting);
    const queue = worker.names.detectionQueue;
    await waitFor(async () => (await world.broker.depth(queue)) === 0, 'the second delivered');
    const stopped = first.stop(10_000);
    const next = await world.service({ role: 'detection', connectionName: 'next-worker' });
    const second = runnerOn(next, 'second');
    second.start();
    try {
      await waitFor(
        () => events.namesOf(waiting.subject).includes('succeeded'),
        'the waiting job on the next worker, the first still running',
      );
      expect(events.namesOf(running.subject)).not.toContain('succeeded');
    } finally {
      finish();
      await stopped;
      await second.stop(500);
    }
    expect(events.namesOf(running.subject)).toEqual(['started', 'succeeded']);
    for (const command of [running, waiting])
      expect(handler.callsOf(command.subject)).toHaveLength(1);
  });

  it('Transport.close(grace) lets a job finish, and hands a job past the grace to the next worker', async () => {
    const { handler, events, runnerOn } = await detectionRunners({ prefetch: 2, leaseMs: 3_000 });
    const quick = vadCommand();
    const slow = vadCommand();
    handler.on(quick.subject, async () => {
      await pause(200);
      return { status: 'succeeded', result: RESULT };
    });
    // The first attempt runs until aborted (as a TaskPool job does); the next one succeeds.
    handler.on(slow.subject, async (ctx) => {
      if (handler.callsOf(slow.subject).length === 1) return untilAborted(ctx.signal);
      return { status: 'succeeded', result: RESULT };
    });
    const first = await world.service({ role: 'detection', connectionName: 'first-worker' });
    runnerOn(first, 'first').start();
    await first.executor.executeMany([quick, slow]);
    await waitFor(() => handler.calls.length === 2, 'both jobs to start');
    await first.close(500);
    // The job that fit in the grace period ended before close() returned.
    expect(events.namesOf(quick.subject)).toEqual(['started', 'succeeded']);
    expect(events.namesOf(slow.subject)).toEqual(['started']);
    const second = await world.service({ role: 'detection', connectionName: 'second-worker' });
    const next = runnerOn(second, 'second');
    next.start();
    await waitFor(
      () => events.namesOf(slow.subject).includes('succeeded'),
      'the slow job elsewhere',
    );
    expect(events.namesOf(slow.subject)).toEqual(['started', 'started', 'succeeded']);
    expect(handler.callsOf(slow.subject).map((c) => c.command.attempt)).toEqual([1, 1]);
    expect(handler.callsOf(quick.subject)).toHaveLength(1);
    await next.stop(500);
    await second.close(500);
  });
});
