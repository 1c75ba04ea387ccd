import { readFile } from 'node:fs/promises';
import amqp, { type ConfirmChannel, type ChannelModel } from 'amqplib';
import { AmqpPartner } from './support/amqp-partner';
import { ApiClient } from './support/api-client';
import { usePlatform } from './support/platform-fixture';
import { OTHER_TENANT_KEY } from './support/platform-processes';
import { AMQP_URL } from './support/test-environment';
import { waitFor } from './support/wait-for';
import { partnerCommand } from './support/partner-command';

const ADMIN_KEY = 'admin-key-0123456789';
const MANY = 200;

interface Letter {
  readonly messageId: string;
  readonly jobId: string | null;
  readonly code: string | null;
}
interface RequeueReport {
  readonly requeued: Letter[];
  readonly notRequeued: Array<Letter & { refusal: { code: string; reason: string } }>;
  readonly complete: boolean;
}

const commandFor = (tenant: string, jobType = 'system.ping') => partnerCommand({ tenant, jobType });

// A command refused for who published it (acme's AMQP user claiming globex; no user_id) stays
// out of the read model however it comes back: an admin requeue, or a platform user's republish
// on someone's behalf, which consumers judge as that someone.
describe('refused commands never become jobs (all four services as processes)', () => {
  const user = AmqpPartner.newUserName();
  const tenantUsers = { AMQP_TENANT_USERS: `acme:${user}` };
  const platform = usePlatform({
    api: { ...tenantUsers, ADMIN_API_KEYS: ADMIN_KEY },
    'detection-worker': tenantUsers,
    status: tenantUsers,
  });
  let partner: AmqpPartner;
  let platformUser: ChannelModel;
  let channel: ConfirmChannel;

  const admin = () => new ApiClient(platform.api.baseUrl, ADMIN_KEY);
  const letters = async (): Promise<Letter[]> => {
    const res = await admin().request('GET', '/v1/admin/dead-letters?limit=1000');
    return ((await res.json()) as { items: Letter[] }).items;
  };
  const requeue = async (body: object): Promise<RequeueReport> => {
    const res = await admin().request('POST', '/v1/admin/dead-letters/requeue', body);
    expect(res.status).toBe(200);
    return (await res.json()) as RequeueReport;
  };
  const lettersOf = async (messageId: string, count: number) =>
    waitFor(`${count} dead letters of ${messageId}`, async () => {
      const found = (await letters()).filter((l) => l.messageId === messageId);
      return found.length === count ? found : undefined;
    });
  const statusAs = async (key: string, jobId: string) =>
    (
      await fetch(`${platform.api.baseUrl}/v1/jobs/${jobId}`, {
        headers: { authorization: `Bearer ${key}` },
      })
    ).status;
  /** Publishes as the platform's own user (guest), on the default exchange or the commands one. */
  const publishAsPlatform = async (
    exchange: string,
    routingKey: string,
    command: ReturnType<typeof commandFor>,
    properties: amqp.Options.Publish,
  ) => {
    channel.publish(exchange, routingKey, Buffer.from(JSON.stringify(command)), {
      persistent: true,
      contentType: 'application/cloudevents+json',
      messageId: command.id,
      type: command.type,
      ...properties,
    });
    await channel.waitForConfirms();
  };

  beforeAll(async () => {
    partner = AmqpPartner.create(platform.env.topologyPrefix, user);
    await partner.connect(AMQP_URL, 'acme.#');
    platformUser = await amqp.connect(AMQP_URL);
    channel = await platformUser.createConfirmChannel();
  }, 30_000);

  afterAll(async () => {
    await platformUser?.close().catch(() => undefined);
    await partner?.dispose();
  });

  it('keeps TENANT_FORBIDDEN and MISSING_USER_ID letters on requeue and says why', async () => {
    const forged = commandFor('globex');
    await partner.publish(forged, 'system.ping', 'forged');
    const anonymous = commandFor('acme');
    // No user_id: nobody vouches for who published it.
    await publishAsPlatform(
      `${platform.env.topologyPrefix}jobs.commands`,
      'system.ping',
      anonymous,
      {},
    );
    // The worker and the status service each dead-letter their copy.
    await lettersOf(forged.id, 2);
    await lettersOf(anonymous.id, 2);

    const all = await requeue({});
    expect(all.complete).toBe(true);
    expect(all.requeued).toEqual([]);
    const why = all.notRequeued.map((l) => [l.messageId, l.refusal.code]).sort();
    expect(why).toEqual(
      [
        [forged.id, 'TENANT_FORBIDDEN'],
        [forged.id, 'TENANT_FORBIDDEN'],
        [anonymous.id, 'MISSING_USER_ID'],
        [anonymous.id, 'MISSING_USER_ID'],
      ].sort(),
    );
    expect(all.notRequeued[0]?.refusal.reason).toMatch(/only its publisher can send it again/);
    const one = await requeue({ messageId: forged.id });
    expect(one.notRequeued.map((l) => l.refusal.code)).toEqual([
      'TENANT_FORBIDDEN',
      'TENANT_FORBIDDEN',
    ]);
    // Still there, and still no job for anybody.
    await lettersOf(forged.id, 2);
    expect(await statusAs(OTHER_TENANT_KEY, forged.subject)).toBe(404);
    expect((await platform.api.request('GET', `/v1/jobs/${anonymous.subject}`)).status).toBe(404);
  });

  it('judges a platform republish as the user it names, not as the platform', async () => {
    const { topologyPrefix } = platform.env;
    const queue = `${topologyPrefix}jobs.detection`;
    const onBehalf = { headers: { 'x-jobmill-on-behalf-of': user }, userId: 'guest' };
    // For the partner's own tenant it runs, like a fresh command of the partner's.
    const allowed = commandFor('acme');
    await publishAsPlatform('', `${topologyPrefix}jobs.status`, allowed, onBehalf);
    await publishAsPlatform('', queue, allowed, onBehalf);
    expect((await platform.api.waitForTerminal(allowed.subject)).status).toBe('SUCCEEDED');
    // For globex it is refused where it lands, and never becomes a job.
    const replayed = commandFor('globex');
    await publishAsPlatform('', `${topologyPrefix}jobs.status`, replayed, onBehalf);
    await publishAsPlatform('', queue, replayed, onBehalf);
    const dead = await lettersOf(replayed.id, 2);
    expect(dead.map((l) => l.code)).toEqual(['TENANT_FORBIDDEN', 'TENANT_FORBIDDEN']);
    expect(await statusAs(OTHER_TENANT_KEY, replayed.subject)).toBe(404);
  });

  it(`requeues ${MANY * 2} refused letters in one bounded call, looking at each once`, async () => {
    const before = (await letters()).length;
    const ids = new Set<string>();
    for (let i = 0; i < MANY; i += 1) {
      const forged = commandFor('globex');
      ids.add(forged.id);
      await partner.publish(forged, 'system.ping', `many-${i}`);
    }
    const total = before + MANY * 2;
    await waitFor(
      `${total} letters`,
      async () => ((await letters()).length === total ? true : undefined),
      60_000,
    );
    const started = Date.now();
    const report = await requeue({});
    const elapsedMs = Date.now() - started;
    expect(report.complete).toBe(true);
    expect(report.requeued).toEqual([]);
    expect(report.notRequeued).toHaveLength(total);
    expect(new Set(report.notRequeued.map((l) => l.messageId)).size).toBe(total / 2);
    expect(elapsedMs).toBeLessThan(20_000);
    expect((await letters()).length).toBe(total);
    console.log(
      `[requeue-refused] requeue of ${total} refused letters: ${elapsedMs} ms, 0 requeued`,
    );
  });

  it('discards what a requeue keeps, only as selected, and never on an empty body', async () => {
    const discard = (body: object) =>
      admin().request('POST', '/v1/admin/dead-letters/discard', body);
    const refused = async (body: object, code: string) => {
      const res = await discard(body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe(code);
    };
    const before = await letters();
    expect(before.length).toBeGreaterThan(4);
    await refused({}, 'DISCARD_SELECTION_REQUIRED');
    await refused({ all: 'yes' }, 'INVALID_ALL');
    await refused({ all: true, code: 'TENANT_FORBIDDEN' }, 'DISCARD_SELECTION_AMBIGUOUS');
    await refused({ code: 7 }, 'INVALID_CODE');
    expect(await letters()).toHaveLength(before.length);

    const forged = before.find((l) => l.code === 'TENANT_FORBIDDEN');
    const one = (await (await discard({ messageId: forged?.messageId })).json()) as {
      discarded: Letter[];
      complete: boolean;
    };
    expect(one.complete).toBe(true);
    expect(one.discarded.map((l) => l.messageId)).toEqual([forged?.messageId, forged?.messageId]);
    const afterOne = await letters();
    expect(afterOne).toHaveLength(before.length - 2);
    expect(afterOne.some((l) => l.messageId === forged?.messageId)).toBe(false);
    // Each removal leaves a record in the api's log: what went, from where, and why.
    await waitFor('the discards in the log', async () => {
      const log = await readFile(platform.services.api.logFile, 'utf8');
      const lines = log
        .split('\n')
        .filter((l) => l.includes(`Discarding dead letter ${forged?.messageId ?? ''}`));
      return lines.length === 2 && lines.every((l) => l.includes('TENANT_FORBIDDEN'))
        ? true
        : undefined;
    });

    const anonymous = afterOne.filter((l) => l.code === 'MISSING_USER_ID');
    expect(anonymous).toHaveLength(2);
    const byCode = (await (await discard({ code: 'MISSING_USER_ID' })).json()) as {
      discarded: Letter[];
    };
    expect(byCode.discarded.map((l) => l.code)).toEqual(['MISSING_USER_ID', 'MISSING_USER_ID']);
    expect(await letters()).toHaveLength(afterOne.length - 2);

    const rest = (await (await discard({ all: true })).json()) as {
      discarded: Letter[];
      complete: boolean;
    };
    expect(rest.complete).toBe(true);
    expect(rest.discarded).toHaveLength(afterOne.length - 2);
    expect(await letters()).toEqual([]);
  });
});
