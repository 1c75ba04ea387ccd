import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createCommand, newId } from '@jobmill/contracts';
import { commandPatternsOf, queueNameOf, type Transport } from '@jobmill/transport';
import { waitFor } from '@jobmill/transport/testing';
import { EventLog } from '../conformance/job.fixture';
import { TRANSPORTS, type TransportWorld } from '../conformance/transports.fixture';
import { SystemJobsModule } from '../system/system-jobs.module';
import { MemoryRunRegistry } from '../testing/memory-run.registry';
import { JobServer } from './job.server';
import { startJobServers } from './job-servers.bootstrap';

// A paused job type: the server of its queue starts held when the pause came before it listened
// (a new instance), takes nothing while held, and runs what waited once the pause is lifted.

describe.each(TRANSPORTS)('a job server held for a paused job type on $name', (transport) => {
  let world: TransportWorld;
  let api: Transport;
  let app: INestApplication;
  let server: JobServer;
  let events: EventLog;

  beforeAll(async () => {
    world = await transport.open();
    api = await world.service({ role: 'api' });
    events = new EventLog(await world.broker.probe(world.names.events));
    const worker = await world.service({ role: 'publisher', connectionName: 'worker' });
    server = new JobServer(worker, {
      queue: queueNameOf('detection', worker.names),
      routes: commandPatternsOf('detection'),
      priorityLanes: true,
      prefetch: 2,
      source: '/test/detection-worker',
      workerId: 'detection-worker@test',
      runs: new MemoryRunRegistry(),
      shutdownGraceMs: 500,
    });
    @Module({ imports: [SystemJobsModule], providers: [{ provide: JobServer, useValue: server }] })
    class WorkerModule {}
    app = await NestFactory.create(WorkerModule, { logger: false });
    // Paused before it listens, as a heartbeat at bootstrap finds it.
    await server.holdFor(new Set(['system.ping']));
    await startJobServers(app);
  });

  afterAll(async () => {
    await app?.close();
    await world.close();
  });

  it('takes nothing while a type it serves is paused, and everything once it is not', async () => {
    expect(server.jobTypes()).toEqual(['detection.vad', 'system.ping']);
    expect(server.usage()).toEqual({ slots: 2, inFlight: 0 });
    expect(server.isPaused()).toBe(true);
    const ping = createCommand({
      jobId: newId(),
      jobType: 'system.ping',
      data: { input: {} },
      tenant: 'acme',
      source: '/test/api',
    });
    await api.executor.execute(ping);
    const queue = queueNameOf('detection', api.names);
    await waitFor(async () => (await world.broker.depth(queue)) === 1, 'the command waiting');
    expect(events.namesOf(ping.subject)).toEqual([]);

    // Another queue's type paused: this one is not held any more.
    await server.holdFor(new Set(['processing.normalize']));
    expect(server.isPaused()).toBe(false);
    await waitFor(() => events.terminalIds(ping.subject).size > 0, 'the ping to run', 10_000);
    expect(events.namesOf(ping.subject)).toEqual(['started', 'succeeded']);
    expect(await world.broker.depth(queue)).toBe(0);
  });
});
