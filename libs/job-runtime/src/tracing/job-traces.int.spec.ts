import { SpanKind, SpanStatusCode, trace, context } from '@opentelemetry/api';
import { AMQP_HEADERS, type JobCommand } from '@jobmill/contracts';
import { tracingEnabled, withCreationContext, type Transport } from '@jobmill/transport';
import {
  parentIdOf,
  startMemoryTracing,
  waitFor,
  type MemoryTracing,
} from '@jobmill/transport/testing';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { EventLog, jobError, ScriptedHandler, vadCommand } from '../conformance/job.fixture';
import { TRANSPORTS, type TransportWorld } from '../conformance/transports.fixture';
import type { JobCommandRunner } from '../runner/job-command.runner';
import { JobCommandRunnerFactory } from '../runner/job-command-runner.factory';
import { MemoryRunRegistry } from '../testing/memory-run.registry';

// One job's spans form one trace, on RabbitMQ and on the in-process broker alike: the context
// travels in the envelope (or, from a partner, in the AMQP headers), not in process memory.

/** A command of no trace yet, as the API builds it before giving it its creation context. */
const untraced = (): JobCommand => {
  const { traceparent: _none, ...command } = vadCommand();
  return command;
};

const named = (spans: ReadableSpan[], prefix: string) =>
  spans.filter((s) => s.name.startsWith(prefix));
const one = (spans: ReadableSpan[], prefix: string): ReadableSpan => {
  const found = named(spans, prefix);
  if (found.length !== 1)
    throw new Error(
      `${found.length} spans named ${prefix}*: ${spans.map((s) => s.name).join(', ')}`,
    );
  return found[0] as ReadableSpan;
};
const jobSpans = (tracing: MemoryTracing, jobId: string) =>
  tracing.spans().filter((s) => s.attributes['jobmill.job.id'] === jobId);

describe.each(TRANSPORTS)('job traces on $name', (transport) => {
  let world: TransportWorld;
  let worker: Transport;
  let runner: JobCommandRunner;
  let events: EventLog;
  let tracing: MemoryTracing;
  const handler = new ScriptedHandler();

  beforeAll(async () => {
    tracing = startMemoryTracing();
    world = await transport.open();
    worker = await world.service({ role: 'detection' });
    events = new EventLog(await world.broker.probe(world.names.events));
    runner = new JobCommandRunnerFactory(worker).create({
      queue: worker.names.detectionQueue,
      prefetch: 4,
      source: '/test/detection-worker',
      workerId: 'worker-1',
      handlers: { 'detection.vad': handler },
      runs: new MemoryRunRegistry(),
    });
    runner.start();
  });

  afterAll(async () => {
    await runner.stop(500);
    await world.close();
    await tracing.stop();
  });

  it('chains submit -> create -> send, and process -> run and the events, in one trace', async () => {
    const submit = trace.getTracer('test').startSpan('POST /v1/jobs', { kind: SpanKind.SERVER });
    const traceId = submit.spanContext().traceId;
    const command = context.with(trace.setSpan(context.active(), submit), () =>
      withCreationContext(untraced(), worker.names.commands),
    );
    await worker.executor.execute(command);
    submit.end();
    await waitFor(() => events.terminalIds(command.subject).size === 1, 'the job to succeed');
    await waitFor(() => named(jobSpans(tracing, command.subject), 'send').length >= 3, 'its spans');

    const spans = tracing.trace(traceId);
    const create = one(spans, 'create');
    const process = one(spans, 'process');
    const run = one(spans, 'run');
    expect(parentIdOf(create)).toBe(submit.spanContext().spanId);
    expect(create.kind).toBe(SpanKind.PRODUCER);
    expect(command.traceparent).toBe(`00-${traceId}-${create.spanContext().spanId}-01`);
    // The command's publish, in its job's trace, ended on the confirm.
    const sends = named(spans, `send ${worker.names.commands}`);
    expect(sends.map(parentIdOf)).toEqual([create.spanContext().spanId]);
    expect(process.kind).toBe(SpanKind.CONSUMER);
    expect(parentIdOf(process)).toBe(create.spanContext().spanId);
    expect(process.attributes).toMatchObject({
      'messaging.system': 'rabbitmq',
      'messaging.operation.type': 'process',
      'messaging.consumer.group.name': worker.names.detectionQueue,
      'jobmill.job.id': command.subject,
      'jobmill.job.type': 'detection.vad',
      'jobmill.tenant': 'acme',
      'jobmill.job.attempt': 1,
      'jobmill.job.outcome': 'ack',
    });
    expect(parentIdOf(run)).toBe(process.spanContext().spanId);
    expect(run.name).toBe('run detection.vad');
    expect(run.status.code).not.toBe(SpanStatusCode.ERROR);
    // Its events leave from the worker's span, and say so in their envelopes.
    const eventSends = named(spans, `send ${worker.names.events}`);
    expect(eventSends.length).toBeGreaterThanOrEqual(2);
    expect(new Set(eventSends.map(parentIdOf))).toEqual(new Set([process.spanContext().spanId]));
    const processContext = `00-${traceId}-${process.spanContext().spanId}-01`;
    expect(events.of(command.subject).map((e) => e.traceparent)).toEqual([
      processContext,
      processContext,
    ]);
    expect(new Set(jobSpans(tracing, command.subject).map((s) => s.spanContext().traceId))).toEqual(
      new Set([traceId]),
    );
  });

  it('marks a failed run and its dead-lettered process as errors', async () => {
    const command = withCreationContext(untraced(), worker.names.commands);
    handler.on(command.subject, async () => {
      throw jobError('not a wav', { code: 'MALFORMED_WAV', kind: 'permanent' });
    });
    await worker.executor.execute(command);
    await waitFor(() => events.terminalIds(command.subject).size === 1, 'the job to fail');
    await waitFor(() => named(jobSpans(tracing, command.subject), 'process').length === 1, 'spans');
    const spans = jobSpans(tracing, command.subject);
    const run = one(tracing.trace(one(spans, 'process').spanContext().traceId), 'run');
    expect(run.status).toMatchObject({ code: SpanStatusCode.ERROR });
    expect(run.status.message).toContain('MALFORMED_WAV');
    expect(run.attributes['error.type']).toBe('MALFORMED_WAV');
    expect(one(spans, 'process').status.code).toBe(SpanStatusCode.ERROR);
    expect(one(spans, 'process').attributes['jobmill.job.outcome']).toBe('dead-letter');
  });

  it("continues a partner's trace from the AMQP traceparent header when the envelope has none", async () => {
    const partnerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const partnerSpan = '00f067aa0ba902b7';
    const command = untraced();
    world.broker.channel.publish(
      worker.names.commands,
      'detection.vad',
      Buffer.from(JSON.stringify(command)),
      {
        messageId: command.id,
        contentType: 'application/cloudevents+json',
        headers: {
          [AMQP_HEADERS.traceparent]: `00-${partnerTrace}-${partnerSpan}-01`,
          tracestate: 'partner=1',
        },
      },
    );
    await waitFor(() => events.terminalIds(command.subject).size === 1, 'the job to succeed');
    await waitFor(() => named(jobSpans(tracing, command.subject), 'process').length === 1, 'spans');
    const process = one(jobSpans(tracing, command.subject), 'process');
    expect(process.spanContext().traceId).toBe(partnerTrace);
    expect(parentIdOf(process)).toBe(partnerSpan);
    expect(process.spanContext().traceState?.get('partner')).toBe('1');
  });

  it('gives each job of a batch message its own trace, and links the batch publish to them', async () => {
    const commands = [untraced(), untraced(), untraced()].map((c) =>
      withCreationContext(c, worker.names.commands),
    );
    await worker.executor.executeMany(commands);
    await waitFor(
      () => commands.every((c) => events.terminalIds(c.subject).size === 1),
      'the jobs to succeed',
    );
    const batchSend = tracing
      .spans()
      .find(
        (s) => s.name.startsWith('send') && s.attributes['messaging.batch.message_count'] === 3,
      );
    expect(batchSend?.links.map((l) => l.context.spanId).sort()).toEqual(
      commands.map((c) => c.traceparent?.slice(36, 52)).sort(),
    );
    for (const command of commands) {
      await waitFor(
        () => named(jobSpans(tracing, command.subject), 'process').length === 1,
        'spans',
      );
      const process = one(jobSpans(tracing, command.subject), 'process');
      expect(`00-${process.spanContext().traceId}-${parentIdOf(process)}-01`).toBe(
        command.traceparent,
      );
    }
  });

  it('starts the trace of a command issued without one (a dispatch, a republish, a retry)', async () => {
    const command = untraced();
    await worker.executor.execute(command);
    await waitFor(() => events.terminalIds(command.subject).size === 1, 'the job to succeed');
    await waitFor(() => named(jobSpans(tracing, command.subject), 'process').length === 1, 'spans');
    const spans = tracing.trace(
      one(jobSpans(tracing, command.subject), 'create').spanContext().traceId,
    );
    const create = one(spans, 'create');
    expect(parentIdOf(create)).toBeUndefined();
    expect(create.attributes['jobmill.job.id']).toBe(command.subject);
    expect(named(spans, `send ${worker.names.commands}`).map(parentIdOf)).toEqual([
      create.spanContext().spanId,
    ]);
    expect(parentIdOf(one(spans, 'process'))).toBe(create.spanContext().spanId);
  });

  it('is off without a registered provider: envelopes and their traceparent pass unchanged', async () => {
    await tracing.stop();
    try {
      expect(tracingEnabled()).toBe(false);
      const command = vadCommand();
      expect(withCreationContext(command, worker.names.commands)).toBe(command);
    } finally {
      tracing = startMemoryTracing();
    }
  });
});
