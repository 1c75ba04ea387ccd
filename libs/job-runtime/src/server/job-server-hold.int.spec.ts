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

// Paused job types: the server of a queue whose every type is paused starts held when the pause
// came before it listened (a new instance) and takes nothing; with one type of the queue paused
// it consumes again and sets that type's commands aside, unclaimed; lifted, they run.

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
    await server.holdFor(new Set(['detection.vad', 'system.ping']));
    await startJobServers(app);
  });

  afterAll(async () => {
    await app?.close();
    await world.close();
  });

  it('takes nothing while every type it serves is paused, sets a paused one aside while another is not', async () => {
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

    // One type of the queue paused: the queue is consumed again, the ping set aside unclaimed.
    await server.holdFor(new Set(['system.ping']));
    expect(server.isPaused()).toBe(false);
    await waitFor(async () => (await world.broker.depth(queue)) === 0, 'the ping set aside');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(events.namesOf(ping.subject)).toEqual([]);

    // Nothing of this queue paused: the ping comes back from its delay stage and runs.
    await server.holdFor(new Set(['processing.normalize']));
    await waitFor(() => events.terminalIds(ping.subject).size > 0, 'the ping to run', 15_000);
    expect(events.namesOf(ping.subject)).toEqual(['started', 'succeeded']);
    expect(await world.broker.depth(queue)).toBe(0);
  });
});
