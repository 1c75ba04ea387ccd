import { createCommand, eventFor, newId, topologyNames } from '@jobmill/contracts';
import type { InboundMessage } from '@jobmill/messaging';
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
