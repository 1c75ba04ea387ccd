import { randomUUID } from 'node:crypto';
import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage, GetMessage } from 'amqplib';
import amqp from 'amqplib';
import { ApiClient } from './support/api-client';
import { usePlatform } from './support/platform-fixture';
import { OTHER_TENANT_KEY } from './support/platform-processes';
import { makeSpeechFixture } from './support/speech-fixture';
import { TenantBroker } from './support/tenant-broker';
import { waitFor } from './support/wait-for';
import { partnerCommand } from './support/partner-command';

const DIRECT_REPLY_TO = 'amq.rabbitmq.reply-to';

// Tenant isolation on the broker: the platform runs in a vhost of its own, loaded from the
// deploy/rabbitmq definitions, with one real AMQP user per tenant. acme's user tries to read
// globex's events, publish for globex and reply into globex's queue: each attempt fails, by the
// broker's permissions or by the platform's admission, and never quietly.
describe('tenant isolation on the broker (per-tenant AMQP users, definitions loaded)', () => {
  const broker = new TenantBroker(['acme', 'globex']);
  const p = broker.topologyPrefix;
  const names = {
    commands: `${p}jobs.commands`,
    events: `${p}jobs.events`,
    deadLetter: `${p}jobs.dead-letter.kept`,
    acmeQueue: `${p}tenant.acme.events`,
    globexQueue: `${p}tenant.globex.replies`,
  };
  const replies: ConsumeMessage[] = [];
  const acmeEvents: ConsumeMessage[] = [];
  const globexReceived: ConsumeMessage[] = [];
  const globexEvents: ConsumeMessage[] = [];
  const live: { acme?: ChannelModel; globex?: ChannelModel; acmeCh?: ConfirmChannel } = {};
  beforeAll(() => broker.load(), 30_000);
  const shared = {
    AMQP_URL: broker.platformUrl,
    TOPOLOGY_PREFIX: p,
    AMQP_TENANT_USERS: broker.tenantUsersSetting,
  };
  const platform = usePlatform({
    api: shared,
    'detection-worker': shared,
    'processing-worker': shared,
    status: shared,
  });

  beforeAll(async () => {
    live.globex = await broker.connectAs('globex');
    const gch = await live.globex.createChannel();
    await gch.assertQueue(names.globexQueue, { durable: true });
    await gch.consume(names.globexQueue, (m) => void (m && globexReceived.push(m)), {
      noAck: true,
    });
    const globexQueue = `${p}tenant.globex.events`;
    await gch.assertQueue(globexQueue, { exclusive: true });
    await gch.bindQueue(globexQueue, names.events, 'globex.#');
    await gch.consume(globexQueue, (m) => void (m && globexEvents.push(m)), { noAck: true });
    live.acme = await broker.connectAs('acme');
    const ch = await live.acme.createConfirmChannel();
    live.acmeCh = ch;
    await ch.consume(DIRECT_REPLY_TO, (m) => void (m && replies.push(m)), { noAck: true });
    await ch.assertQueue(names.acmeQueue, { exclusive: true });
    await ch.bindQueue(names.acmeQueue, names.events, 'acme.#');
    await ch.consume(names.acmeQueue, (m) => void (m && acmeEvents.push(m)), { noAck: true });
  }, 30_000);

  afterAll(async () => {
    await live.acme?.close().catch(() => undefined);
    await live.globex?.close().catch(() => undefined);
    broker.dispose();
  });

  const acme = (): ChannelModel => {
    if (!live.acme) throw new Error('acme is not connected');
    return live.acme;
  };

  /** Runs `attempt` as acme on a channel of its own; the broker's refusal, or 'allowed'. */
  const refusedToAcme = async (
    attempt: (ch: ConfirmChannel) => Promise<unknown>,
  ): Promise<string> => {
    const ch = await acme().createConfirmChannel();
    const closed = new Promise<string>((resolve) => {
      ch.on('error', (e: Error) => resolve(e.message));
    });
    const result = await attempt(ch).then(
      () => 'allowed',
      (e: Error) => e.message,
    );
    if (result === 'allowed') return result;
    // The channel's close carries the broker's reason; a pending confirm may fail first, vaguely.
    const deadline = new Promise<string>((resolve) => setTimeout(() => resolve(result), 2_000));
    const reason = await Promise.race([closed, deadline]);
    await ch.close().catch(() => undefined);
    return reason;
  };

  const commandFor = (tenant: string, input: Record<string, unknown> = {}) =>
    partnerCommand({ tenant, input, source: 'urn:partner:isolation-test' });

  const publishAsAcme = async (
    command: ReturnType<typeof commandFor>,
    replyTo: string,
    routingKey = 'system.ping',
  ): Promise<string> => {
    const correlationId = randomUUID();
    const ch = live.acmeCh;
    if (!ch) throw new Error('acme is not connected');
    ch.publish(names.commands, routingKey, Buffer.from(JSON.stringify(command)), {
      persistent: true,
      mandatory: true,
      contentType: 'application/cloudevents+json',
      userId: broker.userOf('acme'),
      messageId: command.id,
      replyTo,
      correlationId,
    });
    await ch.waitForConfirms();
    return correlationId;
  };

  const replyFor = async (correlationId: string) => {
    const reply = await waitFor(`the reply ${correlationId}`, async () =>
      replies.find((m) => m.properties.correlationId === correlationId),
    );
    return JSON.parse(reply.content.toString()) as {
      type: string;
      subject: string;
      data: { error?: { code: string } };
    };
  };

  /** The dead-letter copies of a message id, read by the platform's user. */
  const deadLettersOf = async (messageId: string, copies: number): Promise<string[]> => {
    const connection = await amqp.connect(broker.platformUrl);
    try {
      const ch: Channel = await connection.createChannel();
      const codes: string[] = [];
      await waitFor(`${copies} dead-letter copies of ${messageId}`, async () => {
        // Read the whole queue before handing the others back: a classic queue puts a nacked
        // letter back at its head, so get-and-nack one at a time would see only that one.
        const others: GetMessage[] = [];
        for (let got = await ch.get(names.deadLetter); got; got = await ch.get(names.deadLetter)) {
          if (got.properties.messageId !== messageId) others.push(got);
          else {
            codes.push(String(got.properties.headers?.['x-jobmill-code']));
            ch.ack(got);
          }
        }
        for (const other of others) ch.nack(other, false, true);
        return codes.length >= copies ? codes : undefined;
      });
      return codes;
    } finally {
      await connection.close();
    }
  };

  it('runs acme’s own command: direct reply-to and its tenant-prefixed subscription work', async () => {
    const command = commandFor('acme');
    const correlationId = await publishAsAcme(command, DIRECT_REPLY_TO);
    expect((await replyFor(correlationId)).type).toBe('io.jobmill.job.succeeded.v1');
    await waitFor('acme’s own events', async () =>
      acmeEvents.find((m) => m.fields.routingKey === 'acme.system.ping.succeeded'),
    );
    expect((await platform.api.waitForTerminal(command.subject)).status).toBe('SUCCEEDED');
  });

  it('refuses acme a subscription to globex’s events, to every tenant’s, and globex’s queues', async () => {
    const bind = (key: string) => (ch: ConfirmChannel) =>
      ch.bindQueue(names.acmeQueue.replace('events', `probe-${randomUUID()}`), names.events, key);
    const own = (key: string) => async (ch: ConfirmChannel) => {
      const queue = `${p}tenant.acme.probe-${randomUUID()}`;
      await ch.assertQueue(queue, { exclusive: true });
      await ch.bindQueue(queue, names.events, key);
    };
    expect(await refusedToAcme(own('globex.#'))).toMatch(/ACCESS_REFUSED/);
    expect(await refusedToAcme(own('#'))).toMatch(/ACCESS_REFUSED/);
    expect(await refusedToAcme(own('*.system.ping.*'))).toMatch(/ACCESS_REFUSED/);
    expect(await refusedToAcme(bind('acme.#'))).toMatch(/NOT_FOUND|ACCESS_REFUSED/);
    // Queues outside its prefix: neither a server-named one nor globex's.
    expect(await refusedToAcme((ch) => ch.assertQueue('', { exclusive: true }))).toMatch(
      /ACCESS_REFUSED/,
    );
    expect(await refusedToAcme((ch) => ch.consume(names.globexQueue, () => undefined))).toMatch(
      /ACCESS_REFUSED/,
    );
    // globex's job: globex hears it, acme's `acme.#` queue does not.
    const globex = new ApiClient(platform.api.baseUrl, OTHER_TENANT_KEY);
    const job = await globex.submit('system.ping', {});
    await globex.waitForTerminal(job.id);
    await waitFor('globex’s own event', async () =>
      globexEvents.find((m) => m.content.toString().includes(job.id)),
    );
    // Then one of acme's: once its events arrived, globex's (earlier) would have too.
    const mine = commandFor('acme');
    await publishAsAcme(mine, DIRECT_REPLY_TO);
    await waitFor('acme’s own event after globex’s', async () =>
      acmeEvents.find((m) => m.content.toString().includes(mine.subject)),
    );
    const keys = acmeEvents.map((m) => m.fields.routingKey);
    expect(keys.filter((k) => !k.startsWith('acme.'))).toEqual([]);
    expect(acmeEvents.filter((m) => m.content.toString().includes(job.id))).toEqual([]);
  });

  it('refuses acme a command for globex: broker-vouched user_id, job.rejected, dead letter, no job', async () => {
    const forged = commandFor('globex');
    const correlationId = await publishAsAcme(forged, DIRECT_REPLY_TO);
    const reply = await replyFor(correlationId);
    expect(reply).toMatchObject({ type: 'io.jobmill.job.rejected.v1', subject: forged.subject });
    expect(reply.data.error?.code).toBe('TENANT_FORBIDDEN');
    expect(await deadLettersOf(forged.id, 2)).toEqual(['TENANT_FORBIDDEN', 'TENANT_FORBIDDEN']);
    const asGlobex = await fetch(`${platform.api.baseUrl}/v1/jobs/${forged.subject}`, {
      headers: { authorization: `Bearer ${OTHER_TENANT_KEY}` },
    });
    expect(asGlobex.status).toBe(404);
    // Nor can acme claim another user, forge events, or publish an unknown routing key.
    const spoofed = (ch: ConfirmChannel) => {
      ch.publish(names.commands, 'system.ping', Buffer.from('{}'), {
        userId: broker.userOf('globex'),
      });
      return ch.waitForConfirms();
    };
    expect(await refusedToAcme(spoofed)).toMatch(/PRECONDITION_FAILED/);
    const toEvents = (ch: ConfirmChannel) => {
      ch.publish(names.events, 'globex.system.ping.succeeded', Buffer.from('{}'));
      return ch.waitForConfirms();
    };
    expect(await refusedToAcme(toEvents)).toMatch(/ACCESS_REFUSED/);
    const unknownKey = (ch: ConfirmChannel) => {
      ch.publish(names.commands, 'nobody.binds', Buffer.from('{}'));
      return ch.waitForConfirms();
    };
    expect(await refusedToAcme(unknownKey)).toMatch(/ACCESS_REFUSED/);
  });

  it('refuses to reply into globex’s queue: the broker refuses acme, the platform refuses reply_to', async () => {
    const direct = (ch: ConfirmChannel) => {
      ch.publish('', names.globexQueue, Buffer.from('{"forged":true}'));
      return ch.waitForConfirms();
    };
    expect(await refusedToAcme(direct)).toMatch(/ACCESS_REFUSED/);
    const command = commandFor('acme');
    await publishAsAcme(command, names.globexQueue);
    const job = await platform.api.waitForTerminal(command.subject);
    expect(job).toMatchObject({ status: 'FAILED', error: { code: 'REPLY_TO_FORBIDDEN' } });
    const codes = await deadLettersOf(command.id, 2);
    expect(codes).toEqual(['REPLY_TO_FORBIDDEN', 'REPLY_TO_FORBIDDEN']);
    // The platform published nothing into globex's queue (its one consumer saw nothing).
    expect(globexReceived).toEqual([]);
  });

  it('refuses acme globex’s upload: the same UPLOAD_NOT_FOUND as REST, answered and recorded', async () => {
    const globex = new ApiClient(platform.api.baseUrl, OTHER_TENANT_KEY);
    const fixture = makeSpeechFixture(platform.env.workDir, ['Globex only.'], [0.3, 0.3]);
    const theirs = await globex.upload(fixture.file);
    const overRest = await platform.api.request('POST', '/v1/jobs', {
      type: 'detection.vad',
      input: { uploadId: theirs },
    });
    expect(overRest.status).toBe(422);
    expect(((await overRest.json()) as { code: string }).code).toBe('UPLOAD_NOT_FOUND');

    const command = {
      ...commandFor('acme', { uploadId: theirs }),
      type: 'io.jobmill.detection.vad.requested.v1',
    };
    const correlationId = await publishAsAcme(command, DIRECT_REPLY_TO, 'detection.vad');
    const reply = await replyFor(correlationId);
    expect(reply).toMatchObject({ type: 'io.jobmill.job.rejected.v1', subject: command.subject });
    expect(reply.data.error?.code).toBe('UPLOAD_NOT_FOUND');
    const job = await platform.api.waitForTerminal(command.subject);
    expect(job).toMatchObject({ status: 'FAILED', error: { code: 'UPLOAD_NOT_FOUND' } });
    expect(await deadLettersOf(command.id, 1)).toEqual(['UPLOAD_NOT_FOUND']);
    // One answer only: the recorded job.failed is not sent to reply_to as well.
    expect(replies.filter((m) => m.properties.correlationId === correlationId)).toHaveLength(1);
  });

  it('refuses acme globex’s job id (JOB_ID_TAKEN) and leaves globex’s job as it was', async () => {
    const globex = new ApiClient(platform.api.baseUrl, OTHER_TENANT_KEY);
    const theirs = await globex.submit('system.ping', {});
    await globex.waitForTerminal(theirs.id);
    const before = await globex.events(theirs.id);
    const command = { ...commandFor('acme'), subject: theirs.id };
    const correlationId = await publishAsAcme(command, DIRECT_REPLY_TO);
    const reply = await replyFor(correlationId);
    expect(reply).toMatchObject({ type: 'io.jobmill.job.rejected.v1', subject: theirs.id });
    expect(reply.data.error?.code).toBe('JOB_ID_TAKEN');
    expect(await deadLettersOf(command.id, 1)).toEqual(['JOB_ID_TAKEN']);
    // A later command of acme's as a barrier: once it is projected, so is the copy of the first.
    const later = commandFor('acme');
    await publishAsAcme(later, DIRECT_REPLY_TO);
    await platform.api.waitForTerminal(later.subject);
    expect(await globex.job(theirs.id)).toMatchObject({ status: 'SUCCEEDED' });
    expect((await globex.events(theirs.id)).map((e) => e.name)).toEqual(before.map((e) => e.name));
    const asAcme = await platform.api.request('GET', `/v1/jobs/${theirs.id}`);
    expect(asAcme.status).toBe(404);
  });
});
