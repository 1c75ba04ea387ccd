import {
  AMQP_HEADERS,
  createCommand,
  newId,
  parseEventType,
  type JobCommand,
  type JobEvent,
} from '@jobmill/contracts';
import type { ConsumeMessage } from 'amqplib';
import { Messaging } from '../messaging';
import { encodeEnvelope, toAmqpProperties } from '../publishing/amqp-properties';
import { recordingLogger, TEST_AMQP_URL, TestBroker, waitFor } from '../testing/test-broker';
import type { JobCommandRunner } from './job-command-runner';
import type { JobContext, JobHandler, JobOutcome } from './job-runner.types';

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
  let messaging: Messaging;
  let runner: JobCommandRunner;
  let events: ConsumeMessage[];
  const calls: JobContext[] = [];
  /** What the fake handler does, per job id (default: succeed). */
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
      .map((m) => JSON.parse(m.content.toString()) as JobEvent)
      .filter((e) => e.subject === jobId);
  const namesOf = (jobId: string) => eventsOf(jobId).map((e) => parseEventType(e.type));
  const sendRaw = (body: Buffer | string, properties = {}) =>
    broker.channel.sendToQueue(broker.names.detectionQueue, Buffer.from(body), {
      persistent: true,
      ...properties,
    });
  const send = (command: JobCommand) => messaging.executor.execute(command);

  beforeAll(async () => {
    broker = await TestBroker.open();
    messaging = new Messaging({
      url: TEST_AMQP_URL,
      prefix: broker.prefix,
      connectionName: 'runner-int-test',
      role: 'detection',
      logger: recordingLogger(),
    });
    messaging.start();
    await messaging.waitUntilConnected(5_000);
    events = await broker.probe(broker.names.events);
    runner = messaging.runners.create({
      queue: messaging.names.detectionQueue,
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
    await messaging.close();
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

  it('dead-letters poison messages with the reason and keeps serving', async () => {
    const invalid = vadCommand({
      data: { input: { uploadId: 'not-a-uuid' } },
    });
    const unknown = vadCommand({ type: 'io.jobmill.detection.nope.requested.v1' });
    sendRaw('{not json', { messageId: 'bad-json' });
    sendRaw(encodeEnvelope(invalid), toAmqpProperties(invalid));
    sendRaw(encodeEnvelope(unknown), toAmqpProperties(unknown));
    const dead = [
      await broker.getOne(broker.names.deadLetterQueue),
      await broker.getOne(broker.names.deadLetterQueue),
      await broker.getOne(broker.names.deadLetterQueue),
    ];
    const byId = new Map(
      dead.map((d) => [String(d.properties.messageId), d.properties.headers ?? {}]),
    );
    expect(byId.get('bad-json')?.[AMQP_HEADERS.deadLetterCode]).toBe('INVALID_JSON');
    expect(byId.get(invalid.id)?.[AMQP_HEADERS.deadLetterCode]).toBe('INVALID_DATA');
    expect(String(byId.get(invalid.id)?.[AMQP_HEADERS.deadLetterReason])).toContain(
      '/data/input/uploadId',
    );
    expect(byId.get(unknown.id)?.[AMQP_HEADERS.deadLetterCode]).toBe('UNKNOWN_TYPE');
    expect(byId.get(unknown.id)?.[AMQP_HEADERS.deadLetterQueue]).toBe(broker.names.detectionQueue);
    // The invalid command named its job and tenant: the job is failed, not left QUEUED.
    await waitFor(
      () => namesOf(invalid.subject).includes('failed'),
      'job.failed for the invalid command',
    );
    const failed = eventsOf(invalid.subject)[0] as JobEvent<'failed'>;
    expect(failed.data.error).toMatchObject({
      code: 'INVALID_DATA',
      kind: 'poison',
      retryable: false,
    });
    const next = vadCommand();
    await send(next);
    await waitFor(() => namesOf(next.subject).includes('succeeded'), 'the next job to succeed');
  });

  it('retries a retryable failure through a delay stage and succeeds on attempt 2', async () => {
    const command = vadCommand();
    behaviour.set(command.subject, async (ctx) => {
      if (ctx.command.attempt === 1)
        throw Object.assign(new Error('disk busy'), { code: 'BUSY', retryable: true });
      return { status: 'succeeded', result: RESULT };
    });
    await send(command);
    await waitFor(
      () => namesOf(command.subject).includes('succeeded'),
      'success on attempt 2',
      10_000,
    );
    expect(namesOf(command.subject)).toEqual(['started', 'retrying', 'started', 'succeeded']);
    const [, retrying, restarted] = eventsOf(command.subject) as [
      JobEvent,
      JobEvent<'retrying'>,
      JobEvent,
    ];
    expect(retrying.data.error).toMatchObject({ code: 'BUSY', kind: 'transient', retryable: true });
    expect(Date.parse(retrying.data.nextAttemptAt)).toBeGreaterThan(Date.parse(retrying.time));
    expect(restarted.attempt).toBe(2);
    const attempts = calls
      .filter((c) => c.command.subject === command.subject)
      .map((c) => c.command);
    expect(attempts[1]?.causationid).toBe(attempts[0]?.id);
    expect(attempts[1]?.id).not.toBe(attempts[0]?.id);
  });

  it('fails a permanent error at once, and a transient one after maxAttempts, into the DLQ', async () => {
    const permanent = vadCommand();
    behaviour.set(permanent.subject, async () => {
      throw Object.assign(new Error('not a wav'), { code: 'MALFORMED_WAV', kind: 'permanent' });
    });
    const flaky = vadCommand({
      data: { input: { uploadId: newId() }, maxAttempts: 2 },
    });
    behaviour.set(flaky.subject, async () => {
      throw Object.assign(new Error('still busy'), { code: 'BUSY', retryable: true });
    });
    await Promise.all([send(permanent), send(flaky)]);
    await waitFor(
      () =>
        namesOf(permanent.subject).includes('failed') && namesOf(flaky.subject).includes('failed'),
      'both jobs failed',
      10_000,
    );
    expect(namesOf(permanent.subject)).toEqual(['started', 'failed']);
    expect(namesOf(flaky.subject)).toEqual(['started', 'retrying', 'started', 'failed']);
    const dead = [
      await broker.getOne(broker.names.deadLetterQueue),
      await broker.getOne(broker.names.deadLetterQueue),
    ];
    const codes = dead
      .map((d) => String(d.properties.headers?.[AMQP_HEADERS.deadLetterCode]))
      .sort();
    expect(codes).toEqual(['BUSY', 'MALFORMED_WAV']);
  });
});
