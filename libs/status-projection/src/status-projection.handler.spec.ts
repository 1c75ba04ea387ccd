import { parseTenantUsers, TenantAuthorizer } from '@jobmill/job-runtime';
import {
  AMQP_HEADERS,
  CLOUDEVENTS_BATCH_CONTENT_TYPE,
  createCommand,
  eventFor,
  newId,
  topologyNames,
} from '@jobmill/contracts';
import type { InboundMessage } from '@jobmill/transport';
import type { JobProjector, ProjectableMessage } from '@jobmill/persistence';
import { StatusProjectionHandler } from './status-projection.handler';

const names = topologyNames('t.');
const command = createCommand({
  jobId: newId(),
  jobType: 'detection.vad',
  data: { input: { uploadId: newId() } },
  tenant: 'acme',
  source: '/test',
});
const delivery = (exchange: string, body: unknown): InboundMessage =>
  ({
    body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    exchange,
    routingKey: 'x',
    redelivered: false,
    properties: {},
  }) as unknown as InboundMessage;

/** Records what it was asked to project (the real projector is tested against PostgreSQL). */
class RecordingProjector {
  batches: ProjectableMessage[][] = [];
  async project(batch: readonly ProjectableMessage[]) {
    this.batches.push([...batch]);
    return { applied: batch.length, duplicates: 0 };
  }
}

describe('status projection handler', () => {
  it('projects command copies and events, and dead-letters what breaks its contract', async () => {
    const projector = new RecordingProjector();
    const handler = new StatusProjectionHandler(projector as unknown as JobProjector, names);
    const started = eventFor(
      command,
      'started',
      { jobType: 'detection.vad', worker: 'w1' },
      '/test',
    );
    const outcomes = await handler.handle([
      delivery(names.commands, command),
      delivery(names.events, started),
      delivery(names.events, '{not json'),
      delivery(names.events, { ...started, type: 'io.jobmill.job.exploded.v1' }),
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(['ack', 'ack', 'dead-letter', 'dead-letter']);
    expect(outcomes[2]).toMatchObject({ code: 'INVALID_JSON' });
    expect(outcomes[3]).toMatchObject({ code: 'UNKNOWN_TYPE' });
    expect(projector.batches[0]?.map((m) => m.kind)).toEqual(['command', 'event']);
  });

  it('projects every member of a CloudEvents batch; a batch with bad members is kept in the DLQ', async () => {
    const projector = new RecordingProjector();
    const handler = new StatusProjectionHandler(projector as unknown as JobProjector, names);
    const batch = (exchange: string, members: unknown) => ({
      ...delivery(exchange, members),
      properties: { contentType: CLOUDEVENTS_BATCH_CONTENT_TYPE, headers: {} },
    });
    const other = createCommand({
      jobId: newId(),
      jobType: 'detection.vad',
      data: { input: { uploadId: newId() } },
      tenant: 'acme',
      source: '/test',
    });
    const started = (c: typeof command) =>
      eventFor(c, 'started', { jobType: 'detection.vad', worker: 'w1' }, '/test');
    const outcomes = await handler.handle([
      batch(names.commands, [command, other]),
      batch(names.events, [started(command), started(other)]),
      batch(names.events, [
        started(command),
        { ...started(other), type: 'io.jobmill.job.nope.v1' },
      ]),
      batch(names.events, { not: 'an array' }),
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(['ack', 'ack', 'dead-letter', 'dead-letter']);
    expect(outcomes[2]).toMatchObject({
      code: 'UNKNOWN_TYPE',
      reason: expect.stringMatching(/^1 of 2 members refused; member 1: /) as string,
    });
    expect(outcomes[3]).toMatchObject({ code: 'INVALID_ENVELOPE' });
    // Valid members are projected even beside a bad one (the DLQ keeps the message for it).
    expect(projector.batches[0]?.map((m) => m.kind)).toEqual([
      'command',
      'command',
      'event',
      'event',
      'event',
    ]);
  });

  it('lets a database failure reject the whole batch so it is redelivered', async () => {
    const failing = {
      project: () => Promise.reject(new Error('connection refused')),
    } as unknown as JobProjector;
    const handler = new StatusProjectionHandler(failing, names);
    await expect(handler.handle([delivery(names.commands, command)])).rejects.toThrow(
      'connection refused',
    );
  });
});

describe('status projection handler during a database outage', () => {
  it('holds the batch until PostgreSQL is back instead of requeueing it', async () => {
    let failures = 2;
    const projected: number[] = [];
    const projector = {
      project: async (batch: readonly ProjectableMessage[]) => {
        if (failures-- > 0) throw Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });
        projected.push(batch.length);
        return { applied: batch.length, duplicates: 0 };
      },
    };
    const handler = new StatusProjectionHandler(
      projector as unknown as JobProjector,
      names,
      undefined,
      1,
    );
    const outcomes = await handler.handle([delivery(names.commands, command)]);
    expect(outcomes).toEqual([{ kind: 'ack' }]);
    expect(projected).toEqual([1]);
  });

  it('lets other errors through (the consumer requeues), and stops holding on shutdown', async () => {
    const broken = {
      project: async () => {
        throw Object.assign(new Error('syntax'), { code: '42601' });
      },
    };
    const handler = new StatusProjectionHandler(
      broken as unknown as JobProjector,
      names,
      undefined,
      1,
    );
    await expect(handler.handle([delivery(names.commands, command)])).rejects.toThrow('syntax');
    const down = {
      project: async () => {
        throw Object.assign(new Error('down'), { code: 'ECONNREFUSED' });
      },
    };
    const holding = new StatusProjectionHandler(
      down as unknown as JobProjector,
      names,
      undefined,
      1,
    );
    const result = holding.handle([delivery(names.commands, command)]);
    holding.stop();
    await expect(result).rejects.toThrow('down');
  });

  it('takes a command requeued straight to its queue as a command, judged as its first publisher', async () => {
    const projector = new RecordingProjector();
    const authorizer = new TenantAuthorizer({
      trustedUsers: ['jobmill-api'],
      tenantUsers: parseTenantUsers(['acme:acme-publisher']),
    });
    const handler = new StatusProjectionHandler(projector as unknown as JobProjector, names, {
      authorizer,
    });
    const requeued = (tenant: string): InboundMessage => ({
      ...delivery('', { ...command, tenant }),
      properties: {
        contentType: 'application/cloudevents+json',
        type: command.type,
        userId: 'jobmill-api',
        headers: { [AMQP_HEADERS.onBehalfOf]: 'acme-publisher' },
      },
    });
    const outcomes = await handler.handle([requeued('acme'), requeued('globex')]);
    expect(outcomes.map((o) => o.kind)).toEqual(['ack', 'dead-letter']);
    expect(outcomes[1]).toMatchObject({ code: 'TENANT_FORBIDDEN' });
    expect(projector.batches[0]?.map((m) => m.kind)).toEqual(['command']);
  });
});
