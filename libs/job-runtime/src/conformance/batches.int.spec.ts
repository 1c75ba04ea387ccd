import {
  AMQP_HEADERS,
  CLOUDEVENTS_BATCH_CONTENT_TYPE,
  encodeBatch,
  type CloudEvent,
  type JobEvent,
} from '@jobmill/contracts';
import { toCommandBatchAmqpProperties, type Transport } from '@jobmill/transport';
import { waitFor } from '@jobmill/transport/testing';
import { TenantAuthorizer } from '../admission/tenant.authorizer';
import { JobCommandRunnerFactory } from '../runner/job-command-runner.factory';
import type { JobCommandRunner } from '../runner/job-command.runner';
import { EventLog, RESULT, ScriptedHandler, vadCommand } from './job.fixture';
import { TRANSPORTS, type TransportWorld } from './transports.fixture';

// Many commands in one message (CloudEvents batch mode): each member is admitted, run and
// settled on its own; a bad member is dead-lettered alone, and the message is acked once.

describe.each(TRANSPORTS)('batch messages on $name', (transport) => {
  let world: TransportWorld;
  let worker: Transport;
  let runner: JobCommandRunner;
  let events: EventLog;
  const handler = new ScriptedHandler();

  beforeAll(async () => {
    world = await transport.open();
    worker = await world.service({ role: 'detection' });
    events = new EventLog(await world.broker.probe(world.names.events));
    runner = new JobCommandRunnerFactory(worker).create({
      queue: worker.names.detectionQueue,
      prefetch: 2,
      concurrency: 8,
      source: '/test/detection-worker',
      workerId: 'worker-1',
      handlers: { 'detection.vad': handler },
      admission: {
        authorizer: new TenantAuthorizer({
          trustedUsers: ['platform'],
          // The connection's own user (guest) may act for acme only, as a partner's would.
          tenantUsers: new Map([['acme', ['guest']]]),
        }),
      },
    });
    runner.start();
  });

  afterAll(async () => {
    await runner.stop(500);
    await world.close();
  });

  const sendBatch = (members: readonly unknown[]) =>
    world.broker.send(world.names.detectionQueue, encodeBatch(members as CloudEvent[]), {
      ...toCommandBatchAmqpProperties([vadCommand()]),
      userId: 'guest',
    });

  it('runs every member, at most `concurrency` at once, and batches their events', async () => {
    const commands = Array.from({ length: 60 }, () => vadCommand());
    let running = 0;
    let most = 0;
    for (const c of commands)
      handler.on(c.subject, async () => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 10));
        running--;
        return { status: 'succeeded', result: RESULT };
      });
    sendBatch(commands);
    await waitFor(
      () => commands.every((c) => events.terminalIds(c.subject).size === 1),
      'every member to succeed',
      15_000,
    );
    expect(most).toBe(8);
    for (const c of commands) expect(events.namesOf(c.subject)).toEqual(['started', 'succeeded']);
    // Events of jobs that ran together share messages: far fewer messages than events.
    const messages = new Set(commands.flatMap((c) => events.messagesOf(c.subject)));
    expect(messages.size).toBeLessThan(60);
    expect(
      [...messages].some((m) => m.properties.contentType === CLOUDEVENTS_BATCH_CONTENT_TYPE),
    ).toBe(true);
    await waitFor(
      async () => (await world.broker.depth(world.names.detectionQueue)) === 0,
      'the batch message acked',
    );
  });

  it('dead-letters a bad member alone, refuses another tenant quietly, and runs the rest', async () => {
    const good = vadCommand();
    const invalid = vadCommand({ data: { input: { uploadId: 'not-a-uuid' } } });
    const foreign = vadCommand({ tenant: 'globex' });
    sendBatch([good, invalid, foreign]);
    const dead = [
      await world.broker.getOne(world.names.deadLetterQueue),
      await world.broker.getOne(world.names.deadLetterQueue),
    ];
    const byId = new Map(dead.map((d) => [String(d.properties.messageId), d]));
    const invalidCopy = byId.get(invalid.id);
    expect(invalidCopy?.properties.headers?.[AMQP_HEADERS.deadLetterCode]).toBe('INVALID_DATA');
    expect(JSON.parse(String(invalidCopy?.content))).toEqual(invalid);
    expect(invalidCopy?.properties.headers?.[AMQP_HEADERS.subject]).toBe(invalid.subject);
    expect(byId.get(foreign.id)?.properties.headers?.[AMQP_HEADERS.deadLetterCode]).toBe(
      'TENANT_FORBIDDEN',
    );
    await waitFor(() => events.namesOf(good.subject).includes('succeeded'), 'the good member');
    await waitFor(
      () => events.namesOf(invalid.subject).includes('failed'),
      'the invalid one fails',
    );
    const failed = events.find(invalid.subject, 'failed') as JobEvent<'failed'>;
    expect(failed.data.error).toMatchObject({ code: 'INVALID_DATA', kind: 'poison' });
    // Nothing is published in the name of a tenant the publisher may not act for.
    expect(events.of(foreign.subject)).toEqual([]);
    await waitFor(
      async () => (await world.broker.depth(world.names.detectionQueue)) === 0,
      'the batch message acked',
    );
  });

  it('dead-letters a batch that is not an array, as a whole', async () => {
    world.broker.send(world.names.detectionQueue, JSON.stringify(vadCommand()), {
      contentType: CLOUDEVENTS_BATCH_CONTENT_TYPE,
      messageId: 'not-an-array',
      userId: 'guest',
    });
    const dead = await world.broker.getOne(world.names.deadLetterQueue);
    expect(dead.properties.messageId).toBe('not-an-array');
    expect(dead.properties.headers?.[AMQP_HEADERS.deadLetterCode]).toBe('INVALID_ENVELOPE');
  });
});
