import {
  createCommand,
  newId,
  parseEnvelopes,
  parseEventType,
  type JobEvent,
  type RunDecision,
  type RunOutcome,
} from '@jobmill/contracts';
import type { ConsumeMessage } from 'amqplib';
import { Transport } from '@jobmill/transport';
import {
  cutSocket,
  recordingLogger,
  TEST_AMQP_URL,
  TestBroker,
  waitFor,
} from '@jobmill/transport/testing';
import { JobCommandRunnerFactory } from './job-command-runner.factory';
import { MemoryRunRegistry } from '../testing/memory-run.registry';
import type { JobCommandRunner } from './job-command.runner';

const RESULT = { segments: [], speechRatio: 0, duration: 1, sampleRate: 16_000, channels: 1 };

/**
 * The inbox of two workers. The first dies right after one job's outcome is recorded, before it
 * publishes anything more: its connection is cut and closed, its runner hears back from the
 * inbox only when the test ends, and a second worker starts to take the redelivered command.
 */
class DiesAfterRecord extends MemoryRunRegistry {
  doomedJob: string | undefined;
  recordedStart: JobEvent | undefined;
  /** Lets the dead worker's runner go at the end, so nothing of it outlives the test. */
  bury: () => void = () => undefined;

  constructor(private readonly onRecorded: () => Promise<void>) {
    super();
  }

  override async decide(
    jobId: string,
    outcome: RunOutcome,
    event: JobEvent,
    started?: JobEvent,
  ): Promise<RunDecision> {
    const decision = await super.decide(jobId, outcome, event, started);
    if (jobId !== this.doomedJob) return decision;
    this.doomedJob = undefined;
    this.recordedStart = started;
    await this.onRecorded();
    return new Promise<RunDecision>((resolve) => (this.bury = () => resolve(decision)));
  }
}

// A short job's start is held and goes out with its outcome, after the outcome is recorded. If
// the worker dies in between, the redelivered command finds the job decided: the start must
// come again with the outcome, or the job's history never shows it running.
describe('JobCommandRunner: a held start lost with its worker (real RabbitMQ)', () => {
  let broker: TestBroker;
  let events: ConsumeMessage[];
  let calls = 0;
  const workers: { transport: Transport; runner: JobCommandRunner }[] = [];
  const registry = new DiesAfterRecord(async () => {
    const doomed = workers[0];
    if (!doomed) throw new Error('no first worker');
    cutSocket(doomed.transport);
    void doomed.transport.close();
    await startWorker('worker-2');
  });
  const eventsOf = (jobId: string): JobEvent[] =>
    events
      .flatMap((m) => parseEnvelopes<JobEvent>(m.content, m.properties.contentType as string))
      .filter((e) => e.subject === jobId);

  async function startWorker(name: string): Promise<void> {
    const transport = new Transport({
      url: TEST_AMQP_URL,
      prefix: broker.prefix,
      connectionName: `runner-held-start-${name}`,
      role: 'detection',
      logger: recordingLogger(),
    });
    transport.start();
    await transport.waitUntilConnected(5_000);
    const runner = new JobCommandRunnerFactory(transport).create({
      queue: transport.names.detectionQueue,
      prefetch: 4,
      source: '/test/detection-worker',
      workerId: name,
      handlers: {
        'detection.vad': {
          run: () => {
            calls++;
            return Promise.resolve({ status: 'succeeded', result: RESULT });
          },
        },
      },
      runs: registry,
      leaseMs: 3_000,
    });
    runner.start();
    workers.push({ transport, runner });
  }

  beforeAll(async () => {
    broker = await TestBroker.open();
    await startWorker('worker-1');
    events = await broker.probe(broker.names.events);
  });

  afterAll(async () => {
    registry.bury();
    for (const { transport, runner } of workers) {
      await runner.stop(500);
      await transport.close();
    }
    await broker.cleanUp();
  });

  it('republishes the recorded start with the outcome when the command comes back', async () => {
    const command = createCommand({
      jobId: newId(),
      jobType: 'detection.vad',
      data: { input: { uploadId: newId() } },
      tenant: 'acme',
      source: '/test/api',
    });
    registry.doomedJob = command.subject;
    const api = new Transport({
      url: TEST_AMQP_URL,
      prefix: broker.prefix,
      connectionName: 'runner-held-start-api',
      role: 'api',
      logger: recordingLogger(),
    });
    api.start();
    try {
      await api.waitUntilConnected(5_000);
      await api.executor.execute(command);
      const named = (name: string) => () =>
        eventsOf(command.subject).some((e) => parseEventType(e.type) === name);
      await waitFor(named('succeeded'), 'the outcome, from the second worker', 15_000);
      await waitFor(named('started'), 'the start');
    } finally {
      await api.close();
    }
    const started = eventsOf(command.subject).filter((e) => parseEventType(e.type) === 'started');
    expect(registry.recordedStart).toBeDefined();
    expect(started.map((e) => e.id)).toEqual([registry.recordedStart?.id]);
    expect(calls).toBe(1);
  });
});
