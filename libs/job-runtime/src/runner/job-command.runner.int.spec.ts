import {
  createCommand,
  newId,
  parseEnvelopes,
  parseEventType,
  type JobCommand,
  type JobEvent,
} from '@jobmill/contracts';
import type { ConsumeMessage } from 'amqplib';
import { Transport } from '@jobmill/transport';
import { JobCommandRunnerFactory } from './job-command-runner.factory';
import { recordingLogger, TEST_AMQP_URL, TestBroker, waitFor } from '@jobmill/transport/testing';
import type { JobCommandRunner } from './job-command.runner';
import type { JobHandler } from '../handler/job-handler.decorator';
import type { JobContext, JobOutcome } from '../handler/job-handler.types';

// Poison messages, retries through the delay stages and the DLQ are in conformance/, run on both
// transports.

const RESULT = {
  segments: [{ start: 0.1, end: 0.9 }],
  speechRatio: 0.8,
  duration: 1,
  sampleRate: 16_000,
  channels: 1,
};

const vadCommand = (extra: Partial<JobCommand> = {}): JobCommand => ({
  ...(createCommand({
    jobId: newId(),
    jobType: 'detection.vad',
    data: { input: { uploadId: newId() } },
    tenant: 'acme',
    source: '/test/api',
  }) as JobCommand),
  ...extra,
});

describe('JobCommandRunner (real RabbitMQ)', () => {
  let broker: TestBroker;
  let transport: Transport;
  let runner: JobCommandRunner;
  let events: ConsumeMessage[];
  /** What the fake handler does, per job id (default: succeed). */
  const behaviour = new Map<string, (ctx: JobContext) => Promise<JobOutcome>>();
  const handler: JobHandler = {
    run: async (ctx) => {
      const act = behaviour.get(ctx.command.subject);
      return act ? act(ctx) : { status: 'succeeded', result: RESULT };
    },
  };

  const eventsOf = (jobId: string): JobEvent[] =>
    events
      .flatMap((m) => parseEnvelopes<JobEvent>(m.content, m.properties.contentType as string))
      .filter((e) => e.subject === jobId);
  const namesOf = (jobId: string) => eventsOf(jobId).map((e) => parseEventType(e.type));
  const send = (command: JobCommand) => transport.executor.execute(command);

  beforeAll(async () => {
    broker = await TestBroker.open();
    transport = new Transport({
      url: TEST_AMQP_URL,
      prefix: broker.prefix,
      connectionName: 'runner-int-test',
      role: 'detection',
      logger: recordingLogger(),
    });
    transport.start();
    await transport.waitUntilConnected(5_000);
    events = await broker.probe(broker.names.events);
    runner = new JobCommandRunnerFactory(transport).create({
      queue: transport.names.detectionQueue,
      prefetch: 4,
      source: '/test/detection-worker',
      workerId: 'worker-1',
      handlers: { 'detection.vad': handler },
      retryBaseDelayMs: 200,
      progressIntervalMs: 100,
    });
    runner.start();
  });

  afterAll(async () => {
    await runner.stop(1_000);
    await transport.close();
    await broker.cleanUp();
  });

  it('runs a valid command: started, then succeeded, then the ack', async () => {
    const command = vadCommand();
    await send(command);
    await waitFor(() => namesOf(command.subject).includes('succeeded'), 'job.succeeded');
    expect(namesOf(command.subject)).toEqual(['started', 'succeeded']);
    const [started, succeeded] = eventsOf(command.subject);
    expect(started?.data).toEqual({ jobType: 'detection.vad', worker: 'worker-1' });
    expect(succeeded?.data).toEqual({ jobType: 'detection.vad', result: RESULT });
    expect(succeeded?.causationid).toBe(command.id);
    const routingKeys = events
      .filter((m) => m.properties.correlationId === command.correlationid)
      .map((m) => m.fields.routingKey);
    expect(routingKeys).toEqual(['acme.detection.vad.started', 'acme.detection.vad.succeeded']);
    await waitFor(
      async () => (await broker.depth(broker.names.detectionQueue)) === 0,
      'an empty work queue',
    );
  });

  it("holds a short job's start back and sends it just before the outcome", async () => {
    const command = vadCommand();
    let seenWhileRunning: unknown[] = ['not checked'];
    behaviour.set(command.subject, async () => {
      // Within the hold (20 ms by default): nothing has gone out for this job yet.
      await new Promise((resolve) => setTimeout(resolve, 10));
      seenWhileRunning = namesOf(command.subject);
      return { status: 'succeeded', result: RESULT };
    });
    await send(command);
    await waitFor(() => namesOf(command.subject).includes('succeeded'), 'job.succeeded');
    expect(seenWhileRunning).toEqual([]);
    expect(namesOf(command.subject)).toEqual(['started', 'succeeded']);
    const [started, succeeded] = eventsOf(command.subject).map((e) => Date.parse(e.time));
    // The start keeps the time it happened, not the time it was sent.
    expect(started).toBeLessThan((succeeded ?? 0) - 5);
  });

  it("announces a longer job's start while it runs, once the hold is over", async () => {
    const command = vadCommand();
    behaviour.set(command.subject, async () => {
      await waitFor(() => namesOf(command.subject).includes('started'), 'its own job.started');
      return { status: 'succeeded', result: RESULT };
    });
    await send(command);
    await waitFor(() => namesOf(command.subject).includes('succeeded'), 'job.succeeded', 10_000);
    expect(namesOf(command.subject)).toEqual(['started', 'succeeded']);
  });

  it('coalesces progress: few events, never after the terminal one', async () => {
    const command = vadCommand();
    behaviour.set(command.subject, async (ctx) => {
      for (let i = 1; i <= 30; i++) {
        ctx.reportProgress(i / 30);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return { status: 'succeeded', result: RESULT };
    });
    await send(command);
    await waitFor(() => namesOf(command.subject).includes('succeeded'), 'job.succeeded');
    const names = namesOf(command.subject);
    const progress = names.filter((n) => n === 'progress').length;
    expect(progress).toBeGreaterThanOrEqual(1);
    expect(progress).toBeLessThanOrEqual(4); // ~300 ms of work at one event per 100 ms
    expect(names[names.length - 1]).toBe('succeeded');
  });
});
