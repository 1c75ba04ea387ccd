import type { JobType } from '@jobmill/contracts';
import { waitFor } from '@jobmill/transport/testing';
import type { Transport } from '@jobmill/transport';
import { jobError, RESULT, ScriptedHandler, vadCommand } from '../conformance/job.fixture';
import { TRANSPORTS, type TransportWorld } from '../conformance/transports.fixture';
import type { JobCommandRunner } from '../runner/job-command.runner';
import { JobCommandRunnerFactory } from '../runner/job-command-runner.factory';
import { MemoryRunRegistry } from '../testing/memory-run.registry';
import type { AttemptOutcome, RuntimeObserver } from './runtime-observer.port';

/** Every call the runner made, in order. */
class RecordingObserver implements RuntimeObserver {
  readonly started: { jobType: JobType; wait: number }[] = [];
  readonly ended: { jobType: JobType; outcome: AttemptOutcome; seconds: number }[] = [];
  readonly slots: { queue: string; inUse: number; size: number }[] = [];

  jobStarted(jobType: JobType, wait: number): void {
    this.started.push({ jobType, wait });
  }
  jobEnded(jobType: JobType, outcome: AttemptOutcome, seconds: number): void {
    this.ended.push({ jobType, outcome, seconds });
  }
  slotsChanged(queue: string, inUse: number, size: number): void {
    this.slots.push({ queue, inUse, size });
  }
  outcomes(): AttemptOutcome[] {
    return this.ended.map((e) => e.outcome).sort();
  }
}

describe.each(TRANSPORTS)('the runner tells its RuntimeObserver on $name', (transport) => {
  let world: TransportWorld;
  let worker: Transport;
  let runner: JobCommandRunner;
  const handler = new ScriptedHandler();
  const observer = new RecordingObserver();

  beforeAll(async () => {
    world = await transport.open();
    worker = await world.service({ role: 'detection' });
    runner = new JobCommandRunnerFactory(worker).create({
      queue: worker.names.detectionQueue,
      prefetch: 4,
      source: '/test/detection-worker',
      workerId: 'worker-1',
      handlers: { 'detection.vad': handler },
      retryBaseDelayMs: 200,
      runs: new MemoryRunRegistry(),
      observer,
    });
    runner.start();
  });

  afterAll(async () => {
    await runner.stop(500);
    await world.close();
  });

  it('of every start, outcome and slot change', async () => {
    const ok = vadCommand();
    const flaky = vadCommand();
    const permanent = vadCommand();
    handler.on(flaky.subject, async ({ command }) => {
      if (command.attempt === 1) throw jobError('disk busy', { code: 'BUSY', retryable: true });
      return { status: 'succeeded', result: RESULT };
    });
    handler.on(permanent.subject, async () => {
      throw jobError('not a wav', { code: 'MALFORMED_WAV', kind: 'permanent' });
    });
    await worker.executor.executeMany([ok, flaky, permanent]);
    await waitFor(() => observer.ended.length === 4, 'four attempts to end', 8_000);

    expect(observer.outcomes()).toEqual(['failed', 'retried', 'succeeded', 'succeeded']);
    expect(observer.started).toHaveLength(4);
    for (const { jobType, wait } of observer.started) {
      expect(jobType).toBe('detection.vad');
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThan(5);
    }
    for (const { seconds } of observer.ended) expect(seconds).toBeGreaterThanOrEqual(0);
    const { queue, inUse, size } = observer.slots.at(-1) ?? {};
    expect({ queue, inUse, size }).toEqual({
      queue: worker.names.detectionQueue,
      inUse: 0,
      size: 4,
    });
    expect(Math.max(...observer.slots.map((s) => s.inUse))).toBeGreaterThanOrEqual(1);
  });
});
