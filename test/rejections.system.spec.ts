import { randomUUID } from 'node:crypto';
import type { ConsumeMessage } from 'amqplib';
import { usePlatform } from './support/platform-fixture';
import { useReplyChannel } from './support/reply-channel';
import { AMQP_URL } from './support/test-environment';
import { waitFor } from './support/wait-for';
import { partnerCommand } from './support/partner-command';

const MAX_COMMAND_BYTES = 65_536;

interface Case {
  readonly code: string;
  readonly routingKey: string;
  readonly body: (c: Record<string, unknown>) => Buffer;
  readonly contentType?: string;
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

// One outcome for every kind of refusal, and no silent drop: each command below names its job
// (in its body, or in the ce-subject/ce-tenant headers when the body cannot be read) and asks for
// a reply. Each is answered with job.rejected carrying its code, once; its job is FAILED with
// that code over REST; its copy is dead-lettered with the code.
describe('rejections over AMQP: one outcome for every kind (all four services)', () => {
  const limits = { MAX_COMMAND_BYTES: String(MAX_COMMAND_BYTES) };
  const platform = usePlatform({ 'detection-worker': limits, status: limits });
  const live = useReplyChannel();
  const { replies } = live;

  const cases: Case[] = [
    { code: 'ROUTING_KEY_MISMATCH', routingKey: 'nobody.binds', body: json },
    {
      code: 'INVALID_DATA',
      routingKey: 'system.ping',
      body: (c) => json({ ...c, data: { input: { durationMs: 'soon' } } }),
    },
    {
      code: 'UNKNOWN_TYPE',
      routingKey: 'detection.nothing',
      body: (c) => json({ ...c, type: 'io.jobmill.detection.nothing.requested.v1' }),
    },
    {
      code: 'UNSUPPORTED_VERSION',
      routingKey: 'system.ping',
      body: (c) => json({ ...c, type: 'io.jobmill.system.ping.requested.v9' }),
    },
    {
      code: 'UNSUPPORTED_CONTENT_TYPE',
      routingKey: 'system.ping',
      body: () => Buffer.from('ping, please'),
      contentType: 'text/plain',
    },
    { code: 'INVALID_JSON', routingKey: 'system.ping', body: () => Buffer.from('{"subject":') },
    {
      code: 'MESSAGE_TOO_LARGE',
      routingKey: 'system.ping',
      body: (c) => json({ ...c, padding: 'x'.repeat(MAX_COMMAND_BYTES) }),
    },
  ];

  it('answers, records and dead-letters every kind of refusal the same way', async () => {
    const channel = live.channel;
    if (!channel) throw new Error('not connected');
    const sent = cases.map((kind) => {
      const subject = randomUUID();
      const command = partnerCommand({ subject, source: 'urn:test:rejections' });
      const correlationId = randomUUID();
      channel.publish(
        `${platform.env.topologyPrefix}jobs.commands`,
        kind.routingKey,
        kind.body(command),
        {
          persistent: true,
          mandatory: true,
          contentType: kind.contentType ?? 'application/cloudevents+json',
          messageId: command.id,
          userId: new URL(AMQP_URL).username || 'guest',
          replyTo: 'amq.rabbitmq.reply-to',
          correlationId,
          headers: { 'ce-subject': subject, 'ce-tenant': 'acme' },
        },
      );
      return { kind, subject, correlationId, messageId: command.id };
    });
    await channel.waitForConfirms();

    for (const { kind, subject, correlationId } of sent) {
      const reply = await waitFor(`the ${kind.code} reply`, async () =>
        replies.find((m) => m.properties.correlationId === correlationId),
      );
      const event = JSON.parse(reply.content.toString()) as {
        type: string;
        subject: string;
        data: { error: { code: string } };
      };
      expect({
        code: kind.code,
        type: event.type,
        subject: event.subject,
        error: event.data.error.code,
      }).toEqual({
        code: kind.code,
        type: 'io.jobmill.job.rejected.v1',
        subject,
        error: kind.code,
      });
      const job = await platform.api.waitForTerminal(subject, 30_000);
      expect({ code: kind.code, status: job.status, error: job.error?.code }).toEqual({
        code: kind.code,
        status: 'FAILED',
        error: kind.code,
      });
      // One failure in the history, though the worker and the status service both refused it.
      const failed = (await platform.api.events(subject)).filter((e) => e.name === 'failed');
      expect({ code: kind.code, failed: failed.length }).toEqual({ code: kind.code, failed: 1 });
    }
    // Every copy dead-lettered with its code (the worker's and the status service's, or only
    // the status service's when no worker binds the key).
    const letters = new Map<string, string[]>();
    await waitFor('the dead letters', async () => {
      const got = await channel.get(`${platform.env.topologyPrefix}jobs.dead-letter.kept`, {
        noAck: true,
      });
      if (got) {
        const id = String(got.properties.messageId);
        letters.set(id, [
          ...(letters.get(id) ?? []),
          String(got.properties.headers?.['x-jobmill-code']),
        ]);
      }
      return sent.every((s) => letters.has(s.messageId)) && !got ? true : undefined;
    });
    for (const { kind, messageId } of sent)
      expect([...new Set(letters.get(messageId))]).toEqual([kind.code]);
    // Exactly one answer each (the status service answers only what no worker could see).
    for (const { kind, correlationId } of sent)
      expect({
        code: kind.code,
        replies: replies.filter((m) => m.properties.correlationId === correlationId).length,
      }).toEqual({ code: kind.code, replies: 1 });
  });

  it('answers a command that reuses a finished job’s id with that job’s outcome, and runs nothing', async () => {
    const channel = live.channel;
    if (!channel) throw new Error('not connected');
    const subject = randomUUID();
    const publish = () => {
      const id = randomUUID();
      const correlationId = randomUUID();
      const command = partnerCommand({ id, subject, source: 'urn:test:rejections' });
      channel.publish(`${platform.env.topologyPrefix}jobs.commands`, 'system.ping', json(command), {
        persistent: true,
        contentType: 'application/cloudevents+json',
        messageId: id,
        userId: new URL(AMQP_URL).username || 'guest',
        replyTo: 'amq.rabbitmq.reply-to',
        correlationId,
      });
      return correlationId;
    };
    const replyTo = (correlationId: string) =>
      waitFor('a reply', async () =>
        replies.find((m) => m.properties.correlationId === correlationId),
      );
    const first = publish();
    const original = JSON.parse((await replyTo(first)).content.toString()) as {
      id: string;
      type: string;
    };
    expect(original.type).toBe('io.jobmill.job.succeeded.v1');
    const again = publish();
    const answer = JSON.parse((await replyTo(again)).content.toString()) as {
      id: string;
      subject: string;
    };
    // The job id is the dedup key: the same outcome event, and the job ran once.
    expect(answer).toMatchObject({ id: original.id, subject });
    const started = (await platform.api.events(subject)).filter((e) => e.name === 'started');
    expect(started).toHaveLength(1);
  });

  it('answers a cancelled job’s requester, and announces job.cancelled once in the command’s name', async () => {
    const channel = live.channel;
    if (!channel) throw new Error('not connected');
    const cancelled: ConsumeMessage[] = [];
    const events = (await channel.assertQueue('', { exclusive: true })).queue;
    await channel.bindQueue(
      events,
      `${platform.env.topologyPrefix}jobs.events`,
      'acme.system.ping.*',
    );
    await channel.consume(events, (m) => void (m && cancelled.push(m)), { noAck: true });
    const subject = randomUUID();
    const correlationid = randomUUID();
    const correlationId = randomUUID();
    const id = randomUUID();
    const command = partnerCommand({
      id,
      subject,
      correlationid,
      input: { durationMs: 30_000 },
      source: 'urn:test:rejections',
    });
    channel.publish(`${platform.env.topologyPrefix}jobs.commands`, 'system.ping', json(command), {
      persistent: true,
      contentType: 'application/cloudevents+json',
      messageId: id,
      userId: new URL(AMQP_URL).username || 'guest',
      replyTo: 'amq.rabbitmq.reply-to',
      correlationId,
    });
    await waitFor('the job to run', async () =>
      (await platform.api.job(subject).catch(() => undefined))?.status === 'RUNNING'
        ? true
        : undefined,
    );
    expect((await platform.api.request('POST', `/v1/jobs/${subject}/cancel`)).status).toBe(202);
    const reply = await waitFor('the reply', async () =>
      replies.find((m) => m.properties.correlationId === correlationId),
    );
    const event = JSON.parse(reply.content.toString()) as {
      id: string;
      type: string;
      correlationid: string;
      causationid: string;
    };
    expect(event).toMatchObject({
      type: 'io.jobmill.job.cancelled.v1',
      correlationid,
      causationid: id,
    });
    // A later job's events as a barrier: by then every job.cancelled of ours has arrived.
    const later = await platform.api.submit('system.ping', {});
    await waitFor('a later job’s events', async () =>
      cancelled.find((m) => m.content.toString().includes(later.id)),
    );
    const announced = cancelled
      .filter((m) => m.fields.routingKey === 'acme.system.ping.cancelled')
      .flatMap((m) => {
        const body = JSON.parse(m.content.toString()) as unknown;
        return (Array.isArray(body) ? body : [body]) as {
          id: string;
          subject: string;
          correlationid: string;
        }[];
      })
      .filter((e) => e.subject === subject);
    expect(announced.map((e) => [e.id, e.correlationid])).toEqual([[event.id, correlationid]]);
    expect((await platform.api.job(subject)).status).toBe('CANCELLED');
  });
});
