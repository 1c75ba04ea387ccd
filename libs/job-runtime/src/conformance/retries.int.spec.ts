import { AMQP_HEADERS, type JobEvent } from '@jobmill/contracts';
import { DeadLetterBrowser, type Transport } from '@jobmill/transport';
import { JobCommandRunnerFactory } from '../runner/job-command-runner.factory';
import { waitFor } from '@jobmill/transport/testing';
import type { JobCommandRunner } from '../runner/job-command.runner';
import { MemoryRunRegistry } from '../testing/memory-run.registry';
import {
  EventLog,
  jobError,
  RESULT,
  ScriptedHandler,
  vadCommand,
  vadCommandWithAttempts,
} from './job.fixture';
import { TRANSPORTS, type TransportWorld } from './transports.fixture';

// Retries go through the shortest delay stage (1 s, a queue whose TTL dead-letters back to the
// worker queue) and come back with attempt+1; the last attempt fails the job into the DLQ.

const STAGE_MS = 1_000;
/** Lower bound of a stage's wait, less timer rounding; the upper bound is generous. */
const AT_LEAST = STAGE_MS - 50;
const AT_MOST = STAGE_MS * 3;

/** Messages given back by a closed channel reach a quorum queue asynchronously on RabbitMQ. */
const waitForDepth = (world: TransportWorld, queue: string, depth: number) =>
  waitFor(async () => (await world.broker.depth(queue)) === depth, `${depth} on ${queue}`);

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - (times[i] ?? t));

describe.each(TRANSPORTS)('retries and dead letters on $name', (transport) => {
  let world: TransportWorld;
  let worker: Transport;
  let runner: JobCommandRunner;
  let events: EventLog;
  const handler = new ScriptedHandler();
  const flaky = vadCommand();
  const hopeless = vadCommandWithAttempts(3);
  const permanent = vadCommand();

  beforeAll(async () => {
    world = await transport.open();
    worker = await world.service({ role: 'detection' });
    events = new EventLog(await world.broker.probe(world.names.events));
    runner = new JobCommandRunnerFactory(worker).create({
      queue: worker.names.detectionQueue,
      prefetch: 4,
      source: '/test/detection-worker',
      workerId: 'worker-1',
      handlers: { 'detection.vad': handler },
      // Backoff under a second: every retry takes the 1 s stage.
      retryBaseDelayMs: 200,
      runs: new MemoryRunRegistry(),
    });
    runner.start();
  });

  afterAll(async () => {
    await runner.stop(500);
    await world.close();
  });

  it('retries through the delay stage with attempt+1, up to maxAttempts, then fails into the DLQ', async () => {
    handler.on(flaky.subject, async ({ command }) => {
      if (command.attempt === 1) throw jobError('disk busy', { code: 'BUSY', retryable: true });
      return { status: 'succeeded', result: RESULT };
    });
    handler.on(hopeless.subject, async () => {
      throw jobError('still busy', { code: 'BUSY', retryable: true });
    });
    handler.on(permanent.subject, async () => {
      throw jobError('not a wav', { code: 'MALFORMED_WAV', kind: 'permanent' });
    });
    await worker.executor.executeMany([flaky, hopeless, permanent]);
    await waitFor(
      () => [flaky, hopeless, permanent].every((c) => events.terminalIds(c.subject).size === 1),
      'every job to end',
      STAGE_MS * 8,
    );
    expect(events.namesOf(permanent.subject)).toEqual(['started', 'failed']);
    expect(events.namesOf(flaky.subject)).toEqual(['started', 'retrying', 'started', 'succeeded']);
    expect(events.namesOf(hopeless.subject)).toEqual([
      ...['started', 'retrying', 'started', 'retrying', 'started'],
      'failed',
    ]);
    expect(handler.callsOf(hopeless.subject).map((c) => c.command.attempt)).toEqual([1, 2, 3]);
    const [first, second] = handler.callsOf(flaky.subject).map((c) => c.command);
    expect(second?.attempt).toBe(2);
    expect(second?.causationid).toBe(first?.id);
    for (const gap of [
      ...gaps(handler.startsOf(flaky.subject)),
      ...gaps(handler.startsOf(hopeless.subject)),
    ]) {
      expect(gap).toBeGreaterThanOrEqual(AT_LEAST);
      expect(gap).toBeLessThan(AT_MOST);
    }
    const retrying = events.find(flaky.subject, 'retrying') as JobEvent<'retrying'>;
    expect(retrying.data.error).toMatchObject({ code: 'BUSY', kind: 'transient', retryable: true });
    const promised = Date.parse(retrying.data.nextAttemptAt) - Date.parse(retrying.time);
    expect(promised).toBeGreaterThanOrEqual(STAGE_MS - 50);
    expect(promised).toBeLessThan(STAGE_MS + 500);
    const failed = events.find(hopeless.subject, 'failed') as JobEvent<'failed'>;
    expect(failed.data.error).toMatchObject({ code: 'BUSY', message: 'still busy' });
  });

  it('keeps the failed commands in the DLQ with code, reason, queue and attempts; peek leaves them', async () => {
    const browser = new DeadLetterBrowser(worker.connection, worker.publisher, worker.names);
    const byId = (views: Array<{ jobId: string | null }>) =>
      [...views].sort((x, y) => String(x.jobId).localeCompare(String(y.jobId)));
    const views = await browser.peek(10);
    expect(views).toHaveLength(2);
    await waitForDepth(world, world.names.deadLetterQueue, 2);
    expect(byId(await browser.peek(10))).toEqual(byId(views));
    await waitForDepth(world, world.names.deadLetterQueue, 2);
    const byJob = new Map(views.map((v) => [v.jobId, v]));
    expect(byJob.get(hopeless.subject)).toMatchObject({
      code: 'BUSY',
      reason: 'still busy',
      sourceQueue: world.names.detectionQueue,
      attempts: 3,
      tenant: 'acme',
      type: hopeless.type,
    });
    expect(byJob.get(permanent.subject)).toMatchObject({
      code: 'MALFORMED_WAV',
      reason: 'not a wav',
      sourceQueue: world.names.detectionQueue,
      attempts: 1,
    });
  });

  it('takes what it selects and republishes it to the queue it came from; the rest stays', async () => {
    const browser = new DeadLetterBrowser(worker.connection, worker.publisher, worker.names);
    const calls = handler.callsOf(hopeless.subject).length;
    const taken: Array<string | null> = [];
    const report = await browser.take(
      (view) => view.jobId === hopeless.subject,
      async (letter) => {
        await browser.republish(letter, undefined);
        taken.push(letter.view.jobId);
        return 'remove';
      },
    );
    expect(taken).toEqual([hopeless.subject]);
    expect(report).toEqual({ scanned: 2, complete: true });
    await waitForDepth(world, world.names.deadLetterQueue, 1);
    // Back on the worker queue: the inbox knows the job failed, so its outcome is sent again.
    await waitFor(
      () => events.namesOf(hopeless.subject).filter((n) => n === 'failed').length === 2,
      'the recorded outcome again',
    );
    expect(events.terminalIds(hopeless.subject).size).toBe(1);
    expect(handler.callsOf(hopeless.subject)).toHaveLength(calls);
    const kept = await browser.take(
      () => true,
      async () => 'keep',
    );
    expect(kept).toEqual({ scanned: 1, complete: true });
    await waitForDepth(world, world.names.deadLetterQueue, 1);
    const [left] = await browser.peek(10);
    expect(left?.jobId).toBe(permanent.subject);
    await waitForDepth(world, world.names.deadLetterQueue, 1);
  });

  it('republishes without the why-headers, naming whose authority it carries', async () => {
    const browser = new DeadLetterBrowser(worker.connection, worker.publisher, worker.names);
    const queue = await world.broker.queue('republished', { 'x-queue-type': 'quorum' });
    await browser.take(
      (view) => view.jobId === permanent.subject,
      async (letter) => {
        const view = { ...letter.view, sourceQueue: queue };
        await browser.republish({ ...letter, view }, 'acme-publisher');
        return 'remove';
      },
    );
    const back = await world.broker.getOne(queue);
    const headers = back.properties.headers ?? {};
    // x-delivery-count is the quorum queue's own annotation of this delivery (0 on RabbitMQ's get).
    const carried = Object.keys(headers).filter(
      (k) => k.startsWith('x-') && k !== 'x-delivery-count',
    );
    expect(carried).toEqual([AMQP_HEADERS.onBehalfOf]);
    expect(headers[AMQP_HEADERS.onBehalfOf]).toBe('acme-publisher');
    expect(headers[AMQP_HEADERS.subject]).toBe(permanent.subject);
    expect(back.properties.messageId).toBe(permanent.id);
    await waitForDepth(world, world.names.deadLetterQueue, 0);
  });
});
