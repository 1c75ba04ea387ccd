import { ControlPublisher } from '../cancellation/control.publisher';
import { ControlSubscriber } from '../cancellation/control.subscriber';
import type { Transport } from '@jobmill/transport';
import { JobCommandRunnerFactory } from '../runner/job-command-runner.factory';
import { recordingLogger, waitFor } from '@jobmill/transport/testing';
import type { JobCommandRunner } from '../runner/job-command.runner';
import { MemoryRunRegistry } from '../testing/memory-run.registry';
import { EventLog, RESULT, ScriptedHandler, untilAborted, vadCommand } from './job.fixture';
import { TRANSPORTS, type TransportWorld } from './transports.fixture';

// Exactly one outcome per job however often its command arrives (the inbox decides), and a
// cancellation broadcast that stops the job where it runs.

describe.each(TRANSPORTS)('duplicates and cancellation on $name', (transport) => {
  let world: TransportWorld;
  let api: Transport;
  let events: EventLog;
  const registry = new MemoryRunRegistry();
  const handler = new ScriptedHandler();
  const runners: JobCommandRunner[] = [];
  const subscribers: ControlSubscriber[] = [];

  /** A worker service with its runner and its control subscriber, sharing the inbox. */
  async function startWorker(name: string): Promise<void> {
    const worker = await world.service({ role: 'detection', connectionName: name });
    const runner = new JobCommandRunnerFactory(worker).create({
      queue: worker.names.detectionQueue,
      prefetch: 4,
      source: '/test/detection-worker',
      workerId: name,
      handlers: { 'detection.vad': handler },
      runs: registry,
      leaseMs: 3_000,
    });
    const control = new ControlSubscriber(
      worker.connection,
      worker.names.control,
      (request) => runner.cancel(request.jobId),
      recordingLogger(),
    );
    control.start();
    runner.start();
    runners.push(runner);
    subscribers.push(control);
  }

  beforeAll(async () => {
    world = await transport.open();
    api = await world.service({ role: 'api' });
    events = new EventLog(await world.broker.probe(world.names.events));
    await startWorker('worker-1');
    await startWorker('worker-2');
  });

  afterAll(async () => {
    await Promise.all(subscribers.map((s) => s.stop()));
    await Promise.all(runners.map((r) => r.stop(500)));
    await world.close();
  });

  it('runs a command published twice once: one job.started, one terminal event', async () => {
    const command = vadCommand();
    handler.on(command.subject, async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { status: 'succeeded', result: RESULT };
    });
    await Promise.all([api.executor.execute(command), api.executor.execute(command)]);
    await waitFor(() => events.namesOf(command.subject).includes('succeeded'), 'job.succeeded');
    await waitFor(
      () => registry.claims.filter((c) => c.jobId === command.subject).length === 2,
      'both copies to be seen',
    );
    expect(events.namesOf(command.subject)).toEqual(['started', 'succeeded']);
    expect(handler.callsOf(command.subject)).toHaveLength(1);
    // A copy arriving after the outcome (e.g. its ack was lost) republishes the same event.
    await api.executor.execute(command);
    await waitFor(
      () => events.namesOf(command.subject).filter((n) => n === 'succeeded').length === 2,
      'the republished outcome',
    );
    expect(handler.callsOf(command.subject)).toHaveLength(1);
    expect(events.terminalIds(command.subject).size).toBe(1);
    await waitFor(
      async () => (await world.broker.depth(world.names.detectionQueue)) === 0,
      'every copy acked',
    );
  });

  it('cancels a running job through the control broadcast: aborted at once, one outcome', async () => {
    const command = vadCommand();
    let abortedAt = 0;
    handler.on(command.subject, async (ctx) => {
      ctx.signal.addEventListener('abort', () => (abortedAt = Date.now()), { once: true });
      return untilAborted(ctx.signal);
    });
    await api.executor.execute(command);
    await waitFor(() => events.namesOf(command.subject).includes('started'), 'job.started');
    const control = new ControlPublisher(api.publisher, api.names);
    const askedAt = Date.now();
    await control.cancel(command.subject, 'acme');
    await waitFor(() => abortedAt > 0, 'the handler to be aborted');
    expect(abortedAt - askedAt).toBeLessThan(1_000);
    await waitFor(() => events.namesOf(command.subject).includes('cancelled'), 'job.cancelled');
    expect(events.namesOf(command.subject)).toEqual(['started', 'cancelled']);
    expect(handler.callsOf(command.subject)).toHaveLength(1);
    await waitFor(
      async () => (await world.broker.depth(world.names.detectionQueue)) === 0,
      'the message to be acked',
    );
  });
});
