import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { createCommand, newId, type JobCommand } from '@jobmill/contracts';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { InboundMessage } from '../consuming/consumer.types';
import type { PublishRequest } from '../publishing/publish-request.types';
import {
  parentIdOf,
  startMemoryTracing,
  type MemoryTracing,
} from '../testing/memory-tracing.fixture';
import { inActiveTrace, tracedProcess } from './consume.tracing';
import { tracedPublish, withCreationContext } from './publish.tracing';
import { contextOf, traceContextIn, traceparentOf, tracingEnabled } from './trace-context.util';

const CLIENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

const command = (traceparent?: string, tracestate?: string): JobCommand =>
  createCommand({
    jobId: newId(),
    jobType: 'system.ping',
    data: { input: {} },
    tenant: 'acme',
    source: '/test',
    ...(traceparent ? { traceparent } : {}),
    ...(tracestate ? { tracestate } : {}),
  });

const request = (exchange = 'jobs.commands'): PublishRequest => ({
  exchange,
  routingKey: 'system.ping',
  content: Buffer.from('{}'),
  properties: { messageId: 'm-1' },
});

const delivery = (headers: Record<string, unknown> = {}): InboundMessage => ({
  body: Buffer.from('{}'),
  properties: { headers },
  routingKey: 'system.ping',
  exchange: 'jobs.commands',
  redelivered: false,
});

/** The parent span id of a span the test expects to exist. */
const parentOf = (span: ReadableSpan | undefined): string | undefined => {
  if (!span) throw new Error('expected a span');
  return parentIdOf(span);
};

const spanIdIn = (traceparent: string | undefined) => traceparent?.slice(36, 52);

describe('tracing off', () => {
  it('costs nothing: no provider, envelopes unchanged', () => {
    expect(tracingEnabled()).toBe(false);
    const traced = command(CLIENT, 'vendor=1');
    expect(withCreationContext(traced, 'jobs.commands')).toBe(traced);
  });
});

describe('message tracing', () => {
  let tracing: MemoryTracing;
  const tracer = () => trace.getTracer('spec');

  beforeAll(() => {
    tracing = startMemoryTracing();
  });
  afterEach(() => tracing.reset());
  afterAll(() => tracing.stop());

  it('reads and writes W3C trace context', () => {
    expect(tracingEnabled()).toBe(true);
    const ctx = contextOf({ traceparent: CLIENT, tracestate: 'vendor=1' });
    expect(trace.getSpanContext(ctx)).toMatchObject({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      isRemote: true,
    });
    expect(traceparentOf(ctx)).toBe(CLIENT);
    expect(trace.getSpanContext(contextOf({ traceparent: 'not a traceparent' }))).toBeUndefined();
    expect(traceparentOf(contextOf(undefined))).toBeUndefined();
  });

  it('gives a command its creation context, under the active span', () => {
    const submit = tracer().startSpan('submit');
    const original = command(CLIENT);
    const created = context.with(trace.setSpan(context.active(), submit), () =>
      withCreationContext(original, 'jobs.commands'),
    );
    submit.end();
    const [create] = tracing.spans().filter((s) => s.name === 'create jobs.commands');
    expect(create?.kind).toBe(SpanKind.PRODUCER);
    expect(parentOf(create)).toBe(submit.spanContext().spanId);
    expect(create?.attributes).toMatchObject({
      'messaging.system': 'rabbitmq',
      'messaging.operation.type': 'create',
      'messaging.message.id': original.id,
      'jobmill.job.id': original.subject,
      'jobmill.job.type': 'system.ping',
      'jobmill.tenant': 'acme',
      'jobmill.job.attempt': 1,
    });
    expect(created.traceparent).toBe(
      `00-${submit.spanContext().traceId}-${create?.spanContext().spanId}-01`,
    );
    expect(original.traceparent).toBe(CLIENT);
  });

  it("continues an envelope's own traceparent when no span is active", () => {
    const created = withCreationContext(command(CLIENT), 'jobs.commands');
    const [create] = tracing.spans();
    expect(create?.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(parentOf(create)).toBe('b7ad6b7169203331');
    expect(spanIdIn(created.traceparent)).toBe(create?.spanContext().spanId);
  });

  it('publishes a lone envelope in its own trace, and marks a failed publish', async () => {
    const traced = withCreationContext(command(), 'jobs.commands');
    await tracedPublish([request()], [traced], async () => undefined);
    await expect(
      tracedPublish([request()], [traced], () => Promise.reject(new Error('nacked'))),
    ).rejects.toThrow('nacked');
    const sends = tracing.spans().filter((s) => s.name === 'send jobs.commands');
    expect(sends.map(parentIdOf)).toEqual([
      spanIdIn(traced.traceparent),
      spanIdIn(traced.traceparent),
    ]);
    expect(sends[0]?.attributes).toMatchObject({
      'messaging.operation.type': 'send',
      'messaging.rabbitmq.destination.routing_key': 'system.ping',
      'messaging.message.id': 'm-1',
      'jobmill.job.id': traced.subject,
    });
    expect(sends.map((s) => s.status.code)).toEqual([SpanStatusCode.UNSET, SpanStatusCode.ERROR]);
  });

  it("links a message of many jobs to each job's context; its parent only when one trace holds them all", async () => {
    const many = [command(), command()].map((c) => withCreationContext(c, 'jobs.commands'));
    await tracedPublish([request()], many, async () => undefined);
    const batch = tracer().startSpan('POST /v1/jobs/batch');
    await context.with(trace.setSpan(context.active(), batch), async () => {
      const together = [command(), command()].map((c) => withCreationContext(c, 'x'));
      await tracedPublish([request('x')], together, async () => undefined);
    });
    batch.end();
    const [apart, inBatch] = [
      tracing.spans().find((s) => s.name === 'send jobs.commands'),
      tracing.spans().find((s) => s.name === 'send x'),
    ];
    expect(parentOf(apart)).toBeUndefined();
    expect(apart?.links.map((l) => l.context.spanId)).toEqual(
      many.map((c) => spanIdIn(c.traceparent)),
    );
    expect(apart?.attributes['messaging.batch.message_count']).toBe(2);
    expect(parentOf(inBatch)).toBe(batch.spanContext().spanId);
  });

  it("processes a job under its command's context, or a partner's AMQP headers", async () => {
    const traced = withCreationContext(command(), 'jobs.commands');
    const outcome = await tracedProcess('jobs.detection', traced, delivery(), async () => {
      // Events published meanwhile carry the process span's context.
      const event = inActiveTrace({ ...traced, traceparent: CLIENT });
      expect(event.traceparent).toBe(traceparentOf());
      return { kind: 'ack' };
    });
    expect(outcome).toEqual({ kind: 'ack' });
    const partner = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await tracedProcess(
      'jobs.detection',
      command(),
      delivery({ traceparent: partner }),
      async () => ({
        kind: 'dead-letter',
        code: 'INVALID_DATA',
        reason: 'bad input',
      }),
    );
    const [first, second] = tracing.spans().filter((s) => s.name === 'process jobs.detection');
    expect(first?.kind).toBe(SpanKind.CONSUMER);
    expect(parentOf(first)).toBe(spanIdIn(traced.traceparent));
    expect(first?.attributes).toMatchObject({
      'messaging.consumer.group.name': 'jobs.detection',
      'messaging.destination.name': 'jobs.commands',
      'jobmill.job.outcome': 'ack',
    });
    expect(second?.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(parentOf(second)).toBe('00f067aa0ba902b7');
    expect(second?.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'INVALID_DATA: bad input',
    });
  });

  it("passes an unsampled trace's decision on, recording nothing", async () => {
    const unsampled = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00';
    const created = withCreationContext(command(unsampled), 'jobs.commands');
    expect(created.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-00$/);
    expect(created.traceparent).not.toBe(unsampled);
    await tracedProcess('jobs.detection', created, delivery(), async () => {
      expect(inActiveTrace(created)).toBe(created);
      return { kind: 'ack' };
    });
    await tracedPublish([request()], [created], async () => undefined);
    expect(tracing.spans()).toEqual([]);
  });

  it('carries the tracestate along: into the creation context, the process span and its events', async () => {
    const traceState = (ctx?: { traceState?: { serialize(): string } }) =>
      ctx?.traceState?.serialize();
    const created = withCreationContext(command(CLIENT, 'vendor=1,other=2'), 'jobs.commands');
    expect(created.tracestate).toBe('vendor=1,other=2');
    expect(spanIdIn(created.traceparent)).toBe(tracing.spans()[0]?.spanContext().spanId);
    await tracedProcess('jobs.detection', created, delivery(), async () => {
      const event = inActiveTrace({ ...created, traceparent: CLIENT, tracestate: 'stale=1' });
      expect(event.traceparent).toBe(traceparentOf());
      expect(event.tracestate).toBe('vendor=1,other=2');
      return { kind: 'ack' };
    });
    const process = tracing.spans().find((s) => s.name === 'process jobs.detection');
    expect(traceState(process?.spanContext())).toBe('vendor=1,other=2');
    // A partner's command with the context in its AMQP headers only.
    const partner = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await tracedProcess(
      'jobs.detection',
      command(),
      delivery({ traceparent: partner, tracestate: 'partner=7' }),
      async () => ({ kind: 'ack' }),
    );
    const fromHeaders = tracing.spans().filter((s) => s.name === 'process jobs.detection')[1];
    expect(traceState(fromHeaders?.spanContext())).toBe('partner=7');
    expect(traceContextIn(contextOf({ traceparent: CLIENT, tracestate: 'vendor=1' }))).toEqual({
      traceparent: CLIENT,
      tracestate: 'vendor=1',
    });
  });

  it('leaves an envelope alone outside any span', () => {
    const event = command(CLIENT);
    expect(inActiveTrace(event)).toBe(event);
  });
});
