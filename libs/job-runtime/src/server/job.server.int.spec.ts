import { Injectable, Module, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createCommand, newId, type JobCommand, type JobType } from '@jobmill/contracts';
import { commandPatternsOf, queueNameOf, type Transport } from '@jobmill/transport';
import { waitFor } from '@jobmill/transport/testing';
import { EventLog, RESULT, vadCommand } from '../conformance/job.fixture';
import { TRANSPORTS, type TransportWorld } from '../conformance/transports.fixture';
import { JobHandler } from '../handler/job-handler.decorator';
import type { JobContext, JobOutcome } from '../handler/job-handler.types';
import { SystemJobsModule } from '../system/system-jobs.module';
import { MemoryRunRegistry } from '../testing/memory-run.registry';
import { JobServer } from './job.server';
import { startJobServers } from './job-servers.bootstrap';

// Handlers declared with @JobHandler, resolved through DI and dispatched by the JobServer of the
// queue their job type is routed to: two servers in one process, as in embedded mode.

/** Something a handler injects: which uploads are corrupt. */
@Injectable()
class UploadCatalogue {
  readonly corrupt = new Set<string>();
}

@JobHandler('detection.vad')
class CatalogueVadHandler implements JobHandler {
  constructor(private readonly catalogue: UploadCatalogue) {}

  async run(ctx: JobContext): Promise<JobOutcome> {
    const { uploadId } = ctx.command.data.input as { uploadId: string };
    // Thrown like a worker thread's error: only code, kind and retryable survive.
    if (this.catalogue.corrupt.has(uploadId))
      throw Object.assign(new Error('not a WAV file'), { code: 'MALFORMED_WAV', retryable: false });
    return { status: 'succeeded', result: RESULT };
  }
}

@JobHandler('processing.normalize')
class StubNormalizeHandler implements JobHandler {
  async run(ctx: JobContext): Promise<JobOutcome> {
    const output = {
      blobId: ctx.command.subject,
      size: 0,
      sha256: '0'.repeat(64),
      contentType: 'audio/wav',
    };
    const levels = {
      sampleRate: 16_000,
      channels: 1,
      duration: 0,
      inputLufs: null,
      outputLufs: null,
    };
    return { status: 'succeeded', result: { output, ...levels, gainDb: 0 } };
  }
}

@Module({
  controllers: [CatalogueVadHandler, StubNormalizeHandler],
  providers: [UploadCatalogue],
})
class TestJobsModule {}

const commandOf = (jobType: JobType, input: Record<string, unknown>): JobCommand =>
  createCommand({
    jobId: newId(),
    jobType,
    data: { input },
    tenant: 'acme',
    source: '/test/api',
  });

describe.each(TRANSPORTS)('job servers in a Nest app on $name', (transport) => {
  let world: TransportWorld;
  let api: Transport;
  let app: INestApplication;
  let events: EventLog;
  const runs = new MemoryRunRegistry();

  const servers: Partial<Record<'detection' | 'processing', JobServer>> = {};

  /** A worker's module with the JobServer of its queue, as workerFeatureModule makes it. */
  function workerModuleOf(kind: 'detection' | 'processing', worker: Transport): Type<unknown> {
    @Module({
      providers: [
        {
          provide: JobServer,
          useFactory: () =>
            (servers[kind] = new JobServer(worker, {
              queue: queueNameOf(kind, worker.names),
              routes: commandPatternsOf(kind),
              prefetch: 2,
              source: `/test/${kind}-worker`,
              workerId: `${kind}-worker@test`,
              runs,
              shutdownGraceMs: 500,
            })),
        },
      ],
    })
    class WorkerModule {}
    return WorkerModule;
  }

  beforeAll(async () => {
    world = await transport.open();
    api = await world.service({ role: 'api' });
    events = new EventLog(await world.broker.probe(world.names.events));
    const worker = await world.service({ role: 'publisher', connectionName: 'worker' });

    @Module({
      imports: [
        TestJobsModule,
        SystemJobsModule,
        workerModuleOf('detection', worker),
        workerModuleOf('processing', worker),
      ],
    })
    class EmbeddedLikeModule {}

    app = await NestFactory.create(EmbeddedLikeModule, { logger: false });
    await startJobServers(app);
  });

  afterAll(async () => {
    await app?.close();
    await world.close();
  });

  const terminal = (jobId: string) =>
    waitFor(() => events.terminalIds(jobId).size > 0, `the outcome of ${jobId}`, 10_000);

  it('routes each job type to the server of its queue, and only there', () => {
    expect(app.get(JobServer, { each: true })).toHaveLength(2);
    const handled = (server?: JobServer) => [...(server?.getHandlers().keys() ?? [])].sort();
    expect(handled(servers.detection)).toEqual(['detection.vad', 'system.ping']);
    expect(handled(servers.processing)).toEqual(['processing.normalize']);
  });

  it('runs system.ping to job.succeeded, holding its slot for durationMs', async () => {
    const ping = commandOf('system.ping', { durationMs: 200 });
    await api.executor.execute(ping);
    await terminal(ping.subject);
    const started = events.find(ping.subject, 'started');
    const succeeded = events.find(ping.subject, 'succeeded');
    expect(succeeded?.data).toMatchObject({
      jobType: 'system.ping',
      result: { durationMs: 200, worker: 'detection-worker@test' },
    });
    const held = Date.parse(String(succeeded?.time)) - Date.parse(String(started?.time));
    expect(held).toBeGreaterThanOrEqual(190);
  });

  it('gives a handler what it injects, and classifies what it throws by code', async () => {
    const good = vadCommand();
    const bad = vadCommand();
    const badUpload = (bad.data.input as { uploadId: string }).uploadId;
    app.get(UploadCatalogue).corrupt.add(badUpload);
    await api.executor.executeMany([good, bad]);
    await Promise.all([terminal(good.subject), terminal(bad.subject)]);
    expect(events.namesOf(good.subject)).toEqual(['started', 'succeeded']);
    // Not retried: the handler's error said retryable: false.
    expect(events.namesOf(bad.subject)).toEqual(['started', 'failed']);
    expect(events.find(bad.subject, 'failed')?.data).toMatchObject({
      error: { code: 'MALFORMED_WAV', kind: 'permanent', retryable: false },
    });
  });

  it('runs a job routed to the other queue on the other server', async () => {
    const normalize = commandOf('processing.normalize', { uploadId: newId() });
    await api.executor.execute(normalize);
    await terminal(normalize.subject);
    expect(events.find(normalize.subject, 'started')?.data).toMatchObject({
      worker: 'processing-worker@test',
    });
    expect(events.find(normalize.subject, 'succeeded')?.data).toMatchObject({
      result: { output: { blobId: normalize.subject } },
    });
  });
});
