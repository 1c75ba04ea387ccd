import { AMQP_HEADERS, createCommand, eventFor, newId, type JobCommand } from '@jobmill/contracts';
import { deadLetterCopy } from '../consuming/dead-letter-copy.mapper';
import { withHeartbeat } from '../connection/amqp.connection';
import { reconnectDelay } from '../connection/reconnect-backoff.policy';
import {
  toCommandAmqpProperties,
  toCommandBatchAmqpProperties,
  toEventAmqpProperties,
  toEventBatchAmqpProperties,
} from './amqp-properties.mapper';
import { eventRoutingKeyOf } from './amqp-event.publisher';

const command = createCommand({
  jobId: newId(),
  jobType: 'detection.vad',
  data: { input: { uploadId: newId() } },
  tenant: 'acme',
  source: '/api',
  causationId: 'c-1',
}) as JobCommand;

describe('AMQP property mapping', () => {
  it('mirrors an event envelope in properties and ce-* headers', () => {
    const p = toEventAmqpProperties(command);
    expect(p).toMatchObject({
      messageId: command.id,
      correlationId: command.correlationid,
      type: command.type,
      appId: '/api',
      contentType: 'application/cloudevents+json',
      persistent: true,
      timestamp: Math.floor(Date.parse(command.time) / 1000),
    });
    expect(p.headers).toEqual({
      [AMQP_HEADERS.specVersion]: '1.0',
      [AMQP_HEADERS.source]: '/api',
      [AMQP_HEADERS.subject]: command.subject,
      [AMQP_HEADERS.tenant]: 'acme',
      [AMQP_HEADERS.attempt]: 1,
      [AMQP_HEADERS.causationId]: 'c-1',
    });
  });

  it('gives a command the same properties without the ce-specversion and ce-source headers', () => {
    const p = toCommandAmqpProperties(command);
    const event = toEventAmqpProperties(command);
    expect({ ...p, headers: undefined }).toEqual({ ...event, headers: undefined });
    expect(p.headers).toEqual({
      [AMQP_HEADERS.subject]: command.subject,
      [AMQP_HEADERS.tenant]: 'acme',
      [AMQP_HEADERS.attempt]: 1,
      [AMQP_HEADERS.causationId]: 'c-1',
    });
    expect(event.headers).toMatchObject(p.headers as Record<string, unknown>);
  });

  it('gives a batch its own id and mirrors for tools, two fewer for commands', () => {
    const events = toEventBatchAmqpProperties([command, command]);
    const commands = toCommandBatchAmqpProperties([command, command]);
    expect(events).toMatchObject({
      type: command.type,
      appId: '/api',
      contentType: 'application/cloudevents-batch+json',
      persistent: true,
    });
    expect(events.messageId).not.toBe(command.id);
    expect(events.headers).toEqual({
      [AMQP_HEADERS.specVersion]: '1.0',
      [AMQP_HEADERS.source]: '/api',
      [AMQP_HEADERS.tenant]: 'acme',
      [AMQP_HEADERS.batchSize]: 2,
    });
    // The same properties but the headers (id and time are each message's own).
    const rest = (p: typeof events) => ({ ...p, messageId: '', timestamp: 0, headers: undefined });
    expect(rest(commands)).toEqual(rest(events));
    expect(commands.headers).toEqual({
      [AMQP_HEADERS.tenant]: 'acme',
      [AMQP_HEADERS.batchSize]: 2,
    });
  });

  it('mirrors the trace context in the W3C headers', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const traced = { ...command, traceparent, tracestate: 'vendor=1' };
    expect(toEventAmqpProperties(traced).headers).toMatchObject({
      [AMQP_HEADERS.traceparent]: traceparent,
      [AMQP_HEADERS.tracestate]: 'vendor=1',
    });
    expect(toCommandAmqpProperties(traced).headers).toMatchObject({
      [AMQP_HEADERS.traceparent]: traceparent,
      [AMQP_HEADERS.tracestate]: 'vendor=1',
    });
    const stateAlone: unknown = toEventAmqpProperties({
      ...command,
      tracestate: 'vendor=1',
    }).headers;
    expect(stateAlone).not.toHaveProperty(AMQP_HEADERS.tracestate);
  });

  it('routes events by tenant, job type and event name', () => {
    const event = eventFor(command, 'started', { jobType: 'detection.vad', worker: 'w' }, '/w');
    expect(eventRoutingKeyOf(event)).toBe('acme.detection.vad.started');
  });

  it('copies a dead-lettered message with the reason headers, without its delivery count', () => {
    const copy = deadLetterCopy(
      {
        content: Buffer.from('x'),
        properties: {
          messageId: 'm',
          expiration: '100',
          headers: { 'x-delivery-count': 3, a: 1 },
        } as never,
      },
      { exchange: 'dlx', queue: 'q' },
      { code: 'C', reason: 'r'.repeat(5_000) },
    );
    expect(copy).toMatchObject({ exchange: 'dlx', routingKey: 'q' });
    expect(copy.properties.expiration).toBeUndefined();
    expect(copy.properties.headers).toMatchObject({
      a: 1,
      [AMQP_HEADERS.deadLetterCode]: 'C',
      [AMQP_HEADERS.deadLetterAttempts]: 4,
    });
    const headers = copy.properties.headers as Record<string, unknown>;
    expect(String(headers[AMQP_HEADERS.deadLetterReason])).toHaveLength(2_000);
    expect(headers['x-delivery-count']).toBeUndefined();
  });
});

describe('connection settings', () => {
  it('adds a heartbeat unless the URL has one', () => {
    expect(withHeartbeat('amqp://u:p@h:5672', 30)).toBe('amqp://u:p@h:5672?heartbeat=30');
    expect(withHeartbeat('amqp://h?heartbeat=5', 30)).toBe('amqp://h?heartbeat=5');
  });

  it('backs off exponentially up to the cap', () => {
    const b = { initialDelayMs: 100, maxDelayMs: 1_000 };
    expect(reconnectDelay(0, b, () => 1)).toBe(100);
    expect(reconnectDelay(2, b, () => 1)).toBe(400);
    expect(reconnectDelay(10, b, () => 0)).toBe(500);
  });
});
