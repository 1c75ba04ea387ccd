import { randomUUID } from 'node:crypto';
import type { ConfirmChannel } from 'amqplib';
import { usePlatform } from './support/platform-fixture';
import { useReplyChannel } from './support/reply-channel';
import { AMQP_URL } from './support/test-environment';
import { waitFor } from './support/wait-for';
import { partnerCommand } from './support/partner-command';

interface Reply {
  readonly id: string;
  readonly type: string;
  readonly subject: string;
  readonly data: { readonly error?: { readonly code: string } };
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const USER = new URL(AMQP_URL).username || 'guest';

/** A ping command for acme: `subject` is the job id, `id` the message's own. */
const pingCommand = (subject: string, durationMs = 0) =>
  partnerCommand({ subject, input: { durationMs }, source: 'urn:test:rejections-in-flight' });

// The refusals that used to be silent: a new command reusing the id of a job still in flight,
// and a batch message under a routing key no worker binds. Each gets the one outcome every
// rejection has (job.rejected to reply_to, its code in the dead-letter queue).
describe('rejections of commands in flight and of unbound batches (all four services)', () => {
  const platform = usePlatform();
  const live = useReplyChannel();
  const { replies } = live;
  /** Dead letters read so far: their codes by message id. */
  const letters = new Map<string, string[]>();

  const channelOf = (): ConfirmChannel => {
    if (!live.channel) throw new Error('not connected');
    return live.channel;
  };

  /** Publishes `body` on the commands exchange with a reply route; returns its correlation id. */
  async function publish(routingKey: string, body: Buffer, messageId: string, batch = false) {
    const correlationId = randomUUID();
    const channel = channelOf();
    channel.publish(`${platform.env.topologyPrefix}jobs.commands`, routingKey, body, {
      persistent: true,
      contentType: batch ? 'application/cloudevents-batch+json' : 'application/cloudevents+json',
      messageId,
      userId: USER,
      replyTo: 'amq.rabbitmq.reply-to',
      correlationId,
    });
    await channel.waitForConfirms();
    return correlationId;
  }

  const repliesTo = (correlationId: string): Reply[] =>
    replies
      .filter((m) => m.properties.correlationId === correlationId)
      .map((m) => JSON.parse(m.content.toString()) as Reply);

  /** Reads the dead-letter queue until `messageId` has a letter; returns every code it has. */
  const deadLetterCodes = (messageId: string): Promise<string[]> =>
    waitFor(`the dead letter of ${messageId}`, async () => {
      const got = await channelOf().get(`${platform.env.topologyPrefix}jobs.dead-letter.kept`, {
        noAck: true,
      });
      if (got) {
        const id = String(got.properties.messageId);
        const code = String(got.properties.headers?.['x-jobmill-code']);
        letters.set(id, [...(letters.get(id) ?? []), code]);
      }
      return !got ? letters.get(messageId) : undefined;
    });

  it('refuses a new command reusing a running job’s id (JOB_ID_IN_USE); a copy stays silent', async () => {
    const subject = randomUUID();
    const original = pingCommand(subject, 4_000);
    const first = await publish('system.ping', json(original), original.id);
    await waitFor('the job to run', async () =>
      (await platform.api.job(subject).catch(() => undefined))?.status === 'RUNNING'
        ? true
        : undefined,
    );
    // The same command again (a duplicate publish) and a new command under the same job id.
    const copy = await publish('system.ping', json(original), original.id);
    const reuse = pingCommand(subject);
    const second = await publish('system.ping', json(reuse), reuse.id);

    const rejected = await waitFor('the reused id’s reply', async () => repliesTo(second)[0]);
    expect(rejected).toMatchObject({ type: 'io.jobmill.job.rejected.v1', subject });
    expect(rejected.data.error?.code).toBe('JOB_ID_IN_USE');
    expect(await deadLetterCodes(reuse.id)).toEqual(['JOB_ID_IN_USE']);
    expect((await platform.api.job(subject)).status).toBe('RUNNING');

    // The running job is undisturbed: it ends once, and its requester hears of it once.
    const done = await waitFor('the original’s reply', async () => repliesTo(first)[0], 20_000);
    expect(done.type).toBe('io.jobmill.job.succeeded.v1');
    expect((await platform.api.waitForTerminal(subject)).status).toBe('SUCCEEDED');
    const names = (await platform.api.events(subject)).map((e) => e.name);
    expect(names.filter((n) => n === 'started')).toHaveLength(1);
    expect(names.filter((n) => ['succeeded', 'failed'].includes(n))).toEqual(['succeeded']);
    // A barrier: a later command's reply comes after anything still owed to these.
    const later = pingCommand(randomUUID());
    const barrier = await publish('system.ping', json(later), later.id);
    await waitFor('a later reply', async () => repliesTo(barrier)[0]);
    expect(repliesTo(first)).toHaveLength(1);
    expect(repliesTo(copy)).toHaveLength(0);
    expect(repliesTo(second)).toHaveLength(1);
    expect(letters.get(original.id)).toBeUndefined();
  });

  it('answers every member of a batch under a routing key no worker binds', async () => {
    const members = [pingCommand(randomUUID()), pingCommand(randomUUID())];
    const messageId = randomUUID();
    const correlationId = await publish('nobody.binds', json(members), messageId, true);
    const answers = await waitFor('a reply per member', async () => {
      const got = repliesTo(correlationId);
      return got.length >= members.length ? got : undefined;
    });
    expect(answers.map((a) => [a.subject, a.type, a.data.error?.code]).sort()).toEqual(
      members.map((m) => [m.subject, 'io.jobmill.job.rejected.v1', 'ROUTING_KEY_MISMATCH']).sort(),
    );
    for (const member of members) {
      const job = await platform.api.waitForTerminal(member.subject, 30_000);
      expect({ status: job.status, code: job.error?.code }).toEqual({
        status: 'FAILED',
        code: 'ROUTING_KEY_MISMATCH',
      });
    }
    expect(await deadLetterCodes(messageId)).toEqual(['ROUTING_KEY_MISMATCH']);
    expect(repliesTo(correlationId)).toHaveLength(members.length);
  });
});
