import {
  createCommand,
  eventFor,
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
import { MemoryRunRegistry } from '../testing/memory-run.registry';
import type { JobCommandRunner } from './job-command.runner';
import type { JobHandler } from '../handler/job-handler.decorator';
import type { JobContext, JobOutcome } from '../handler/job-handler.types';

const RESULT = { segments: [], speechRatio: 0, duration: 1, sampleRate: 16_000, channels: 1 };

const vadCommand = (maxAttempts?: number): JobCommand =>
  createCommand({
    jobId: newId(),
    jobType: 'detection.vad',
    data: { input: { uploadId: newId() }, ...(maxAttempts ? { maxAttempts } : {}) },
    tenant: 'acme',
    source: '/test/api',
  });

/** Resolves when the signal aborts, then throws its reason (what a TaskPool run does). */
const untilAborted = (signal: AbortSignal): Promise<never> =>
  new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason as Error);
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });

// Cancellation of a running job and duplicate commands are in conformance/, run on both
// transports.

describe('JobCommandRunner: inbox and time limits (real RabbitMQ)', () => {
  let broker: TestBroker;
  let transport: Transport;
  let runner: JobCommandRunner;
  let events: ConsumeMessage[];
  const registry = new MemoryRunRegistry();
  const calls: JobContext[] = [];
  const behaviour = new Map<string, (ctx: JobContext) => Promise<JobOutcome>>();
  const handler: JobHandler = {
    run: async (ctx) => {
      calls.push(ctx);
      const act = behaviour.get(ctx.command.subject);
      return act ? act(ctx) : { status: 'succeeded', result: RESULT };
    },
  };
  const eventsOf = (jobId: string): JobEvent[] =>
    events
      .flatMap((m) => parseEnvelopes<JobEvent>(m.content, m.properties.contentType as string))
      .filter((e) => e.subject === jobId);
  const namesOf = (jobId: string) => eventsOf(jobId).map((e) => parseEventType(e.type));
  const callsOf = (jobId: string) => calls.filter((c) => c.command.subject === jobId).length;
  const terminalIds = (jobId: string) =>
    new Set(
      eventsOf(jobId)
        .filter((e) =>
          ['succeeded', 'failed', 'cancelled'].includes(String(parseEventType(e.type))),
        )
        .map((e) => e.id),
    );

  beforeAll(async () => {
    broker = await TestBroker.open();
    transport = new Transport({
      url: TEST_AMQP_URL,
      prefix: broker.prefix,
      connectionName: 'runner-reliability-test',
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
      runs: registry,
      leaseMs: 3_000,
      timeouts: { default: { softMs: 1_500, hardMs: 2_500 } },
    });
    runner.start();
  });

  afterAll(async () => {
    await runner.stop(1_000);
    await transport.close();
    await broker.cleanUp();
  });

  it('never starts a job cancelled while queued: the recorded event is republished', async () => {
    const command = vadCommand();
    const recorded = eventFor(command, 'cancelled', { jobType: 'detection.vad' }, '/test/api');
    await registry.decide(command.subject, 'cancelled', recorded);
    await transport.executor.execute(command);
    await waitFor(() => eventsOf(command.subject).length > 0, 'the republished cancellation');
    expect(eventsOf(command.subject).map((e) => e.id)).toEqual([recorded.id]);
    expect(callsOf(command.subject)).toBe(0);
  });

  it('defers a command it cannot claim (database down) through a delay stage, loses nothing', async () => {
    const command = vadCommand();
    const claim = registry.claim.bind(registry);
    let failures = 1;
    jest.spyOn(registry, 'claim').mockImplementation(async (c) => {
      if (c.jobId === command.subject && failures-- > 0)
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      return claim(c);
    });
    await transport.executor.execute(command);
    await waitFor(() => namesOf(command.subject).includes('succeeded'), 'job.succeeded', 15_000);
    expect(callsOf(command.subject)).toBe(1);
    jest.restoreAllMocks();
  });

  it('fails TIMEOUT at the soft limit (signal) and at the hard limit (handler ignores it)', async () => {
    const soft = vadCommand(1);
    behaviour.set(soft.subject, (ctx) => untilAborted(ctx.signal));
    const hard = vadCommand(1);
    behaviour.set(hard.subject, async () => {
      await new Promise((resolve) => setTimeout(resolve, 8_000).unref());
      return { status: 'succeeded', result: RESULT };
    });
    const sentAt = Date.now();
    await Promise.all([transport.executor.execute(soft), transport.executor.execute(hard)]);
    for (const command of [soft, hard])
      await waitFor(() => namesOf(command.subject).includes('failed'), 'job.failed', 10_000);
    const errorOf = (id: string) =>
      (eventsOf(id).find((e) => parseEventType(e.type) === 'failed') as JobEvent<'failed'>).data
        .error;
    expect(errorOf(soft.subject)).toMatchObject({ code: 'TIMEOUT', kind: 'timeout' });
    expect(errorOf(hard.subject)).toMatchObject({ code: 'TIMEOUT', kind: 'timeout' });
    expect(Date.now() - sentAt).toBeLessThan(7_000);
    expect(terminalIds(hard.subject).size).toBe(1);
  });
});
