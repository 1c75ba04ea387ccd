import type { Transport } from '@jobmill/transport';
import { waitFor } from '@jobmill/transport/testing';
import { JobCommandRunnerFactory } from '../runner/job-command-runner.factory';
import type { JobCommandRunner } from '../runner/job-command.runner';
import { MemoryRunRegistry } from '../testing/memory-run.registry';
import { EventLog, ScriptedHandler, vadCommand } from './job.fixture';
import { TRANSPORTS, type TransportWorld } from './transports.fixture';

// A job slot is for the handler's work: it is free again when the handler ends, while the
// outcome is still being recorded and confirmed, and the delivery is acknowledged only after.

describe.each(TRANSPORTS)('job slots on $name', (transport) => {
  let world: TransportWorld;
  let api: Transport;
  let runner: JobCommandRunner;
  let events: EventLog;
  const registry = new MemoryRunRegistry();
  const handler = new ScriptedHandler();

  beforeAll(async () => {
    world = await transport.open();
    api = await world.service({ role: 'api' });
    events = new EventLog(await world.broker.probe(world.names.events));
    const worker = await world.service({ role: 'detection' });
    runner = new JobCommandRunnerFactory(worker).create({
      queue: worker.names.detectionQueue,
      prefetch: 2,
      concurrency: 1,
      // Single commands then wait for a slot, as batch members always do.
      priorityLanes: true,
      source: '/test/detection-worker',
      workerId: 'worker-1',
      handlers: { 'detection.vad': handler },
      runs: registry,
    });
    runner.start();
  });

  afterAll(async () => {
    await runner.stop(500);
    await world.close();
  });

  it('starts the next job while the last one’s outcome is still being recorded', async () => {
    const [first, second] = [vadCommand(), vadCommand()];
    const decide = registry.decide.bind(registry);
    let recordFirst: () => void = () => undefined;
    const firstRecorded = new Promise<void>((resolve) => (recordFirst = resolve));
    jest.spyOn(registry, 'decide').mockImplementation(async (jobId, ...rest) => {
      if (jobId === first.subject) await firstRecorded;
      return decide(jobId, ...rest);
    });
    try {
      await api.executor.execute(first);
      await waitFor(() => handler.callsOf(first.subject).length === 1, 'the first job run');
      await api.executor.execute(second);
      // One slot: the second job runs only if the first gave it back when its handler ended.
      await waitFor(
        () => handler.callsOf(second.subject).length === 1,
        'the second job, the first unrecorded',
      );
      expect(events.namesOf(first.subject)).not.toContain('succeeded');
      expect(runner.usage()).toEqual({ slots: 1, inFlight: 0 });
    } finally {
      recordFirst();
      jest.restoreAllMocks();
    }
    for (const command of [first, second])
      await waitFor(() => events.namesOf(command.subject).includes('succeeded'), 'job.succeeded');
    expect(handler.calls).toHaveLength(2);
  });
});
